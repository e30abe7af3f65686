using DataPlatform.Core;
using DataPlatform.Model;
using TorchSharp;

namespace DataPlatform.Training;

/// <summary>
/// A trained model ready to generate: the EMA weights (the sampler, PAPER-NOTES), its config and the visual
/// tokenizer that decodes its tokens, read from one checkpoint folder.
/// </summary>
public sealed class TrainedModel
{
    private TrainedModel(string checkpoint, long step, DJepaT2I ema, IVisualTokenizer tokenizer)
    {
        Checkpoint = checkpoint;
        Step = step;
        Ema = ema;
        Tokenizer = tokenizer;
    }

    /// <summary>The checkpoint folder the weights came from.</summary>
    public string Checkpoint { get; }

    /// <summary>Training step of the checkpoint.</summary>
    public long Step { get; }

    public DJepaT2I Ema { get; }

    public ModelConfig Config => Ema.Config;

    public IVisualTokenizer Tokenizer { get; }

    /// <summary>
    /// Loads from a run folder (its latest checkpoint) or from a checkpoint folder itself, onto the device (default the
    /// CPU; <see cref="TorchDevices"/>). A folder that is neither, or a run without checkpoints, fails naming the folder.
    /// </summary>
    public static TrainedModel Load(string runOrCheckpoint, TorchSharp.torch.Device? device = null)
    {
        var folder = Path.GetFullPath(runOrCheckpoint);
        if (!Directory.Exists(folder)) throw new InvalidInputException($"run or checkpoint folder {folder} does not exist");
        var checkpoint = File.Exists(Path.Combine(folder, Model.Checkpoint.ConfigFile))
            ? folder
            : new RunLayout(folder).LatestCheckpoint()
              ?? throw new InvalidInputException($"{folder} is neither a checkpoint nor a run with a checkpoint (no checkpoints/{RunLayout.LatestFile})");
        var config = Model.Checkpoint.ReadConfig(checkpoint);
        var ema = new DJepaT2I(config);
        var tokenizer = TrainerCheckpoint.CreateTokenizer(config);
        var modules = new Dictionary<string, TorchSharp.torch.nn.Module> { [TrainerCheckpoint.EmaModule] = ema };
        if (tokenizer is KlVae vae) modules[TrainerCheckpoint.VaeModule] = vae;
        Model.Checkpoint.Load(checkpoint, config, modules);
        if (device is not null)
            foreach (var module in modules.Values) module.to(device);
        ema.eval();
        return new TrainedModel(checkpoint, TrainerCheckpoint.ReadStep(checkpoint), ema, tokenizer);
    }
}
