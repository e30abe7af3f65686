using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.Curation;
using DataPlatform.Lake;
using DataPlatform.Lake.Caching;
using DataPlatform.Model;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataPlatform.Training;

/// <summary>How a VAE training run went.</summary>
public sealed record VaeTrainingResult(string Folder, long Steps, double FirstReconstruction, double LastReconstruction, double Seconds);

/// <summary>
/// <c>dp vae train</c>: trains the KL-VAE tokenizer a run config asks for (<c>model.tokenizer: KlVae</c>, shape in
/// <c>model.vae</c>) on the lake's stream (uniform weights), and writes the folder a training run names as
/// <c>model.vae_checkpoint</c>: <c>vae.safetensors</c> + <c>vae.json</c> (the VAE config, checked when a run loads it).
/// </summary>
public static class VaeTraining
{
    public const string ConfigFile = "vae.json";

    public static async Task<VaeTrainingResult> RunAsync(TrainRunConfig config, string folder, long steps, double learningRate,
        IProgress<(long Step, double Reconstruction)>? progress, CancellationToken ct)
    {
        var v = new Validation();
        var model = config.Model.Resolve(v);
        v.AtLeast("vae.steps", steps, 1).InRange("vae.lr", learningRate, 1e-8, 1);
        if (model is not null && model.Tokenizer != VisualTokenizerKind.KlVae)
            v.Add($"model.tokenizer is {model.Tokenizer} in {config.Run}; a VAE is trained for runs whose model.tokenizer is KlVae");
        v.ThrowIfInvalid();

        config.ApplyTorchSettings();
        var device = TorchDevices.Resolve(config.Device);
        var store = ObjectStores.Open(config.Lake, create: false);
        var index = await SampleIndex.BuildAsync(store, ct: ct);
        var cache = config.Stream.ShardCache(store);
        TorchRuntime.UseThreads(config.TorchThreads);  // after each await: torch keeps its thread count per OS thread
        torch.random.manual_seed(config.Seed);
        TorchDevices.SeedDefaultGenerator(device, config.Seed);
        var vae = new KlVae(model!.Vae);
        vae.to(device);  // before the optimizer takes its parameters
        var trainer = new VaeTrainer(vae, learningRate, new Generator((ulong)config.Seed));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double first = double.NaN, last = double.NaN;
        await using (var stream = new CuratedStream(index, cache, SamplingWeights.Uniform(index), config.Stream.Options(config.Seed)))
        {
            for (long step = 0; step < steps && !ct.IsCancellationRequested; step++)
            {
                var batch = await stream.NextAsync(CancellationToken.None);
                TorchRuntime.UseThreads(config.TorchThreads);
                using var scope = NewDisposeScope();
                var result = trainer.Step(tensor(batch.Pixels, [batch.Count, 3, batch.Height, batch.Width]).to(device));
                if (!double.IsFinite(result.Total)) throw new TrainingDivergedException($"VAE step {step}: non-finite loss; lower --lr");
                if (step == 0) first = result.Reconstruction;
                last = result.Reconstruction;
                progress?.Report((step + 1, result.Reconstruction));
            }
        }
        Directory.CreateDirectory(folder);
        var weights = Path.Combine(folder, TrainerCheckpoint.VaeModule + ".safetensors");
        var temp = weights + ".tmp";
        vae.save_safetensors(temp);
        File.Move(temp, weights, overwrite: true);
        File.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(model.Vae, Model.Checkpoint.Json));
        return new VaeTrainingResult(folder, steps, first, last, clock.Elapsed.TotalSeconds);
    }

    /// <summary>A run's model.vae must equal the shape the VAE was trained with.</summary>
    public static void CheckMatches(string folder, VaeConfig expected)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) throw new InvalidInputException($"VAE checkpoint {folder} has no {ConfigFile}");
        var saved = JsonSerializer.Deserialize<VaeConfig>(File.ReadAllText(path), Model.Checkpoint.Json)
            ?? throw new InvalidInputException($"{path} is empty");
        if (!saved.Equals(expected))
            throw new InvalidInputException($"VAE checkpoint {folder} was trained with model.vae {JsonSerializer.Serialize(saved, Model.Checkpoint.Json)}, " +
                $"the run asks for {JsonSerializer.Serialize(expected, Model.Checkpoint.Json)}");
    }
}
