using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Core;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Checkpoint folder: config.json ({"format_version", "config"}) + one safetensors file per named module
/// (e.g. "model", "ema"). Saved atomically: written to a temporary sibling folder, then moved into place,
/// so a crash never leaves a half-written checkpoint under the final name.
/// </summary>
public static class Checkpoint
{
    public const int FormatVersion = 1;
    public const string ConfigFile = "config.json";

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Save(string directory, ModelConfig config, IReadOnlyDictionary<string, nn.Module> modules)
    {
        var full = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var document = new JsonObject
            {
                ["format_version"] = FormatVersion,
                ["config"] = JsonSerializer.SerializeToNode(config, Json),
            };
            File.WriteAllText(Path.Combine(temp, ConfigFile), document.ToJsonString(Json));
            foreach (var (name, module) in modules) module.save_safetensors(Path.Combine(temp, name + ".safetensors"));
            foreach (var file in Directory.GetFiles(temp)) { using var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite); fs.Flush(true); }
            string? old = null;
            if (Directory.Exists(full))
            {
                old = Path.Combine(parent, $".{Path.GetFileName(full)}.old-{Guid.NewGuid():N}");
                Directory.Move(full, old);
            }
            Directory.Move(temp, full);
            if (old is not null) Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>Reads the config a checkpoint was saved with.</summary>
    public static ModelConfig ReadConfig(string directory)
    {
        var path = Path.Combine(directory, ConfigFile);
        if (!File.Exists(path)) throw new InvalidInputException($"{directory} is not a checkpoint: {ConfigFile} is missing");
        var document = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidInputException($"{path} is empty");
        int version = document["format_version"]?.GetValue<int>() ?? -1;
        if (version != FormatVersion) throw new InvalidInputException($"{path}: checkpoint format version {version}, this build reads {FormatVersion}");
        return document["config"].Deserialize<ModelConfig>(Json) ?? throw new InvalidInputException($"{path} has no config");
    }

    /// <summary>
    /// Loads module weights after checking that the checkpoint's config equals <paramref name="expected"/>;
    /// a difference fails with every mismatched key, its checkpoint value and the expected value.
    /// </summary>
    public static void Load(string directory, ModelConfig expected, IReadOnlyDictionary<string, nn.Module> modules)
    {
        var saved = ReadConfig(directory);
        var mismatches = ConfigDiff.Differences(saved, expected);
        if (mismatches.Count > 0)
            throw new InvalidInputException($"checkpoint {directory} was saved with a different model config: " +
                string.Join("; ", mismatches.Select(m => $"{m.Key} is {m.Saved} in the checkpoint, {m.Expected} expected")));
        foreach (var (name, module) in modules)
        {
            var path = Path.Combine(directory, name + ".safetensors");
            if (!File.Exists(path)) throw new InvalidInputException($"checkpoint {directory} has no {name}.safetensors");
            StateDicts.LoadChecked(module, Safetensors.LoadStateDict(path), path);
        }
    }
}
