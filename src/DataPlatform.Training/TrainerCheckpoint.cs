using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Core;
using DataPlatform.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Training;

/// <summary>
/// What a training checkpoint folder holds beside <see cref="Model.Checkpoint"/>'s config.json and
/// module weights (model, ema, critic, and vae when the tokenizer is a KL-VAE): the optimiser and RNG
/// states (<see cref="TrainingResume"/>), the critic's optimiser, and trainer.json (step, stream state,
/// resolved run config).
/// </summary>
public static class TrainerCheckpoint
{
    public const string ModelModule = "model";
    public const string EmaModule = "ema";
    public const string VaeModule = "vae";
    public const string CriticModule = "critic";
    public const string TrainerFile = "trainer.json";
    public const string WeightsFile = "weights.bin";
    public const string StatWeightsFile = "stat-weights.bin";
    public const int FormatVersion = 1;

    /// <summary>
    /// Writes a complete checkpoint of <paramref name="state"/>.Step into the run's checkpoint folder, then points
    /// latest.json at it: a crash at any moment leaves latest.json naming the previous complete checkpoint.
    /// Keeps the newest <paramref name="keep"/> checkpoints.
    /// </summary>
    public static string Save(RunLayout layout, TrainerState state, ModelConfig config, IReadOnlyDictionary<string, nn.Module> modules,
        Action<string> writeExtra, int keep = 3)
    {
        var folder = layout.Checkpoint(state.Step);
        Model.Checkpoint.Save(folder, config, modules);
        writeExtra(folder);
        File.WriteAllText(Path.Combine(folder, TrainerFile), JsonSerializer.Serialize(state, TrainRunConfig.Json));
        foreach (var file in Directory.GetFiles(folder)) { using var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite); fs.Flush(true); }
        layout.SetLatest(state.Step, folder);
        foreach (var old in Directory.GetDirectories(layout.Checkpoints, "step-*").Order(StringComparer.Ordinal).SkipLast(keep))
            if (!string.Equals(old, folder, StringComparison.Ordinal)) Directory.Delete(old, recursive: true);
        return folder;
    }

    public static TrainerState ReadState(string checkpoint)
    {
        var node = ReadTrainerState(checkpoint);
        var state = node.Deserialize<TrainerState>(TrainRunConfig.Json) ?? throw new InvalidInputException($"{Path.Combine(checkpoint, TrainerFile)} is empty");
        if (state.FormatVersion != FormatVersion)
            throw new InvalidInputException($"{Path.Combine(checkpoint, TrainerFile)}: trainer state format {state.FormatVersion}, this build reads {FormatVersion}");
        return state;
    }

    /// <summary>The visual tokenizer a model config asks for (a KL-VAE gets its weights from the checkpoint).</summary>
    public static IVisualTokenizer CreateTokenizer(ModelConfig config) => config.Tokenizer == VisualTokenizerKind.Patch
        ? new PatchTokenizer(config.PatchSize, config.ImageChannels)
        : new KlVae(config.Vae, config.PatchSize);

    /// <summary>The training step recorded in a checkpoint's trainer.json.</summary>
    public static long ReadStep(string checkpoint)
    {
        var node = ReadTrainerState(checkpoint);
        return node["step"]?.GetValue<long>() ?? throw new InvalidInputException($"{Path.Combine(checkpoint, TrainerFile)} has no step");
    }

    public static JsonNode ReadTrainerState(string checkpoint)
    {
        var path = Path.Combine(checkpoint, TrainerFile);
        if (!File.Exists(path)) throw new InvalidInputException($"checkpoint {checkpoint} has no {TrainerFile}");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidInputException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path} is not valid JSON: {e.Message}");
        }
    }
}

/// <summary>trainer.json: the step reached, the stream's state and the resolved run config.</summary>
public sealed record TrainerState(
    [property: System.Text.Json.Serialization.JsonPropertyName("format_version")] int FormatVersion,
    [property: System.Text.Json.Serialization.JsonPropertyName("step")] long Step,
    [property: System.Text.Json.Serialization.JsonPropertyName("stream")] DataPlatform.Curation.StreamState Stream,
    [property: System.Text.Json.Serialization.JsonPropertyName("refreshes")] int Refreshes,
    [property: System.Text.Json.Serialization.JsonPropertyName("run")] TrainRunConfig Run);
