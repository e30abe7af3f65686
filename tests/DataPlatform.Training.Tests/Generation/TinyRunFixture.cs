using DataPlatform.Model;
using DataPlatform.Testing;
using TorchSharp;

namespace DataPlatform.Training.Tests.Generation;

/// <summary>
/// A run folder holding one checkpoint of a randomly initialised Tiny model (4-px patches, 8x8 base grid: 32x32
/// training images): <c>run/checkpoints/step-00000000/</c> with config.json, ema.safetensors and trainer.json
/// <c>{"step": 0}</c>, pointed at by <c>checkpoints/latest.json</c>. Shared by the generation, evaluation and CLI tests.
/// </summary>
public sealed class TinyRunFixture : IDisposable
{
    private readonly TempDirectory _dir = new("dp-gen-test");

    public TinyRunFixture()
    {
        TorchRuntime.Prepare();  // as dp does: PASSIVE wait policy (generation runs batches side by side only then)
        torch.set_num_threads(1);  // tiny models, two cores shared with other builds
        torch.random.manual_seed(7);
        Config = ModelPresets.Tiny;
        var ema = new DJepaT2I(Config);
        Run = _dir.Combine("run");
        var layout = new RunLayout(Run);
        Checkpoint = layout.Checkpoint(0);
        Model.Checkpoint.Save(Checkpoint, Config, new Dictionary<string, torch.nn.Module> { [TrainerCheckpoint.EmaModule] = ema });
        File.WriteAllText(Path.Combine(Checkpoint, TrainerCheckpoint.TrainerFile), """{"step": 0}""");
        layout.SetLatest(0, Checkpoint);
        Trained = TrainedModel.Load(Run);
    }

    public ModelConfig Config { get; }

    /// <summary>The run folder (has checkpoints/latest.json).</summary>
    public string Run { get; }

    /// <summary>The checkpoint folder itself.</summary>
    public string Checkpoint { get; }

    /// <summary>The model loaded once from <see cref="Run"/>.</summary>
    public TrainedModel Trained { get; }

    public string Combine(params string[] parts) => _dir.Combine(parts);

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Every test that uses torch, one at a time and never beside another collection (torch's thread pool and global RNG
/// are process-wide: the resume test compares losses bitwise). Tests that generate share one Tiny run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TinyRunCollection : ICollectionFixture<TinyRunFixture>
{
    public const string Name = "torch";
}
