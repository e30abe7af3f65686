using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Core;
using DataPlatform.Model;

namespace DataPlatform.Training;

/// <summary>
/// The network: a preset (tiny, small, b, l, h, t2i) plus any <see cref="ModelConfig"/> field overridden by its
/// snake_case name, e.g. <c>{"preset": "small", "patch_size": 8, "dropout": 0}</c>. The tokenizer and text
/// encoder are model fields (<c>tokenizer</c>: Patch | KlVae, <c>text_encoder</c>: Bpe | T5); a KL-VAE needs
/// trained weights from <see cref="VaeCheckpoint"/> (a folder written by the VAE trainer).
/// </summary>
public sealed record ModelSection
{
    public string Preset { get; init; } = "small";

    /// <summary>Checkpoint folder holding vae.safetensors, required when the tokenizer is KlVae.</summary>
    public string? VaeCheckpoint { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Overrides { get; init; }

    /// <summary>The override keys a model section accepts: every ModelConfig property.</summary>
    public static IReadOnlySet<string> OverrideKeys { get; } = typeof(ModelConfig).GetProperties()
        .Where(p => p.CanWrite).Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToHashSet();

    /// <summary>The preset with the overrides applied; problems are added to <paramref name="v"/> (null when unusable).</summary>
    public ModelConfig? Resolve(Validation v)
    {
        ModelConfig preset;
        try
        {
            preset = ModelPresets.ByName(Preset);
        }
        catch (ArgumentException e)
        {
            v.Add($"model.preset: {e.Message}");
            return null;
        }
        var node = JsonSerializer.SerializeToNode(preset, Checkpoint.Json)!.AsObject();
        foreach (var (key, value) in Overrides ?? [])
            if (OverrideKeys.Contains(key)) node[key] = JsonNode.Parse(value.GetRawText());
        ModelConfig config;
        try
        {
            config = node.Deserialize<ModelConfig>(Checkpoint.Json)!;
        }
        catch (JsonException e)
        {
            v.Add($"model.{e.Path?.TrimStart('$', '.')}: {e.Message.Split(" Path:")[0]}");
            return null;
        }
        try
        {
            return config.Validate();
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors) v.Add(error);
            return null;
        }
    }

    /// <summary>The checks of a config file (a KlVae run without a VAE folder is valid: dp vae train makes one for it).</summary>
    public void Validate(Validation v)
    {
        Resolve(v);
        if (VaeCheckpoint is not null && !File.Exists(Path.Combine(VaeCheckpoint, TrainerCheckpoint.VaeModule + ".safetensors")))
            v.Add($"model.vae_checkpoint {VaeCheckpoint} holds no {TrainerCheckpoint.VaeModule}.safetensors");
    }
}
