using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Core;
using DataPlatform.Model;

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
