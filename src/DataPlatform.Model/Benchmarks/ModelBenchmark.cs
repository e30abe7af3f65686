using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// fp32 throughput of one (M x K) · (K x N) product, per wall second and per CPU second of this process (the latter
/// is robust to other processes taking the cores away; OpenMP spin-waiting counts as CPU time).
/// </summary>
public sealed record MatmulRate(long M, long K, long N, double GflopPerSecond, double GflopPerCpuSecond);

/// <summary>
/// Training throughput of a preset: per-step averages over the measured steps, and the .NET JIT's compile time during
/// them (tiered compilation recompiles hot methods on a background thread for the first steps).
/// </summary>
public sealed record TrainThroughput(string Preset, int Batch, int Steps, double SecondsPerStep, double SamplesPerSecond,
    double GflopPerStep, double AchievedGflopPerSecond, double AchievedGflopPerCpuSecond, StepTimings MeanTimings, double JitSecondsPerStep);

/// <summary>Latency of generating one image.</summary>
public sealed record GenerationLatency(int ImageSide, int Steps, double Cfg, int OdeSteps, double Seconds);

/// <summary>
/// Measurements behind <c>dp bench model</c>: fp32 matmul peak, Small-preset training steps (samples/s,
/// analytic FLOP/s) and generation latency versus the number of steps T. Everything runs in-process on the CPU.
/// </summary>
public static class ModelBenchmark
{
    /// <summary>The square sizes the fp32 peak is measured at, by <c>dp bench model</c> and by the trainer's mfu.</summary>
    public static IReadOnlyList<int> PeakSizes { get; } = [1024, 1536, 2048];

    /// <summary>Best of a few timed rounds of n x n · n x n fp32 products: the peak MFU is measured against.</summary>
    public static MatmulRate MatmulPeak(int n, int rounds = 5, Device? device = null) => Matmul(n, n, n, rounds, device);

    /// <summary>The peak MFU is measured against, GFLOP/s: the best of <see cref="PeakSizes"/> (about 0.1 s a round on two cores).</summary>
    public static double Peak(int rounds = 5, Device? device = null) => PeakSizes.Max(n => MatmulPeak(n, rounds, device).GflopPerSecond);

    /// <summary>
    /// Best of a few timed rounds of (m x k) · (k x n) fp32 products, e.g. one of the model's own layer shapes, on the
    /// device (default the CPU; a GPU's rounds wait for its queued work).
    /// </summary>
    public static MatmulRate Matmul(long m, long k, long n, int rounds = 5, Device? device = null)
    {
        device ??= CPU;
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);  // not the global one: a training run measures between its steps
        var a = randn(m, k, generator: generator).to(device);
        var b = randn(k, n, generator: generator).to(device);
        a.matmul(b).Dispose();  // warm-up
        TorchDevices.Synchronize(device);
        int reps = device.type == DeviceType.CPU ? Math.Max(1, (int)(4e9 / (2.0 * m * n * k))) : RepsForRound(() => a.matmul(b).Dispose(), device);
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            var cpu = CpuSeconds();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) a.matmul(b).Dispose();
            TorchDevices.Synchronize(device);
            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
            bestCpu = Math.Min(bestCpu, (CpuSeconds() - cpu) / reps);
        }
        double flops = 2.0 * m * n * k;
        return new MatmulRate(m, k, n, flops / best / 1e9, flops / bestCpu / 1e9);
    }

    /// <summary>
    /// Repetitions that make a timed round last about 50 ms on a GPU, where one product of these sizes takes well under
    /// a millisecond and a round of a few would time the launches and the wait instead.
    /// </summary>
    private static int RepsForRound(Action product, Device device)
    {
        var sw = Stopwatch.StartNew();
        int done = 0;
        while (sw.Elapsed.TotalSeconds < 0.01)
        {
            product();
            done++;
            TorchDevices.Synchronize(device);
        }
        return Math.Max(1, (int)(done * 0.05 / sw.Elapsed.TotalSeconds));
    }

    /// <summary>Training steps of a preset on synthetic images of the given side with real captions, data-parallel over replicas.</summary>
    public static TrainThroughput Train(string preset, ModelConfig config, int batch, int imageSide, int warmup, int steps,
        CancellationToken cancel = default, long seed = 1, int replicas = 1, Device? device = null)
    {
        device ??= CPU;
        torch.random.manual_seed(seed);
        TorchDevices.SeedDefaultGenerator(device, seed);
        var model = new DJepaT2I(config);
        model.to(device);
        var ema = Ema.CreateCopy(model);
        var optimizer = OptimizerFactory.Create(model, 1e-4, 0.02);
        using var trainer = new DJepaTrainer(model, ema, new PatchTokenizer(config.PatchSize, config.ImageChannels), optimizer, new Generator((ulong)seed), replicas);
        var images = rand([batch, config.ImageChannels, imageSide, imageSide], generator: new Generator(2)).mul(2).sub(1).to(device);
        string[] words = ["a red circle", "two blue squares left of a green triangle", "a small purple star above a large yellow circle", "three orange hexagons"];
        var text = model.TextEncoder.Tokenize(Enumerable.Range(0, batch).Select(i => words[i % words.Length]).ToList(), config.MaxTextTokens);
        for (int i = 0; i < warmup; i++)
        {
            cancel.ThrowIfCancellationRequested();
            trainer.Step(images, text, 1e-4, 0.02);
        }
        double seconds = 0, flops = 0, cpuSeconds = 0;
        var sums = new double[5];
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        for (int i = 0; i < steps; i++)
        {
            cancel.ThrowIfCancellationRequested();
            TorchDevices.Synchronize(device);
            var cpu = CpuSeconds();
            var sw = Stopwatch.StartNew();
            var result = trainer.Step(images, text, 1e-4, 0.02);  // its phases wait for the device (StepTimings)
            seconds += sw.Elapsed.TotalSeconds;
            cpuSeconds += CpuSeconds() - cpu;
            double stepFlops = FlopCount.TrainStep(config, batch, result.Tokens, result.MaskedTokens, text.Ids.shape[1]);
            flops += stepFlops;
            var t = result.Timings;
            sums[0] += t.Prepare; sums[1] += t.Forward; sums[2] += t.Backward; sums[3] += t.Optimizer; sums[4] += t.Ema;
        }
        var mean = new StepTimings(sums[0] / steps, sums[1] / steps, sums[2] / steps, sums[3] / steps, sums[4] / steps);
        double jitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalSeconds;
        return new TrainThroughput(preset, batch, steps, seconds / steps, batch * steps / seconds, flops / steps / 1e9,
            flops / seconds / 1e9, flops / cpuSeconds / 1e9, mean, jitSeconds / steps);
    }

    /// <summary>CPU seconds this process has used (all threads).</summary>
    public static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Generation of one image (batch 1) of the given side at T steps, with CFG.</summary>
    public static GenerationLatency Generate(DJepaT2I model, int imageSide, int steps, double cfg = 3.0, int odeSteps = 16)
    {
        var device = model.Device;
        var text = model.TextEncoder.Tokenize(["a red circle left of a blue square"], model.Config.MaxTextTokens);
        int side = imageSide / model.Config.PixelsPerToken;
        var options = new GenerationOptions { Steps = steps, Cfg = cfg, Token = new TokenSampling(Steps: odeSteps), Seed = 1 };
        using (NewDisposeScope()) Sampler.Generate(model, text, side, side, options with { Steps = 1 });  // warm-up
        TorchDevices.Synchronize(device);
        var sw = Stopwatch.StartNew();
        using (NewDisposeScope()) Sampler.Generate(model, text, side, side, options);
        TorchDevices.Synchronize(device);
        return new GenerationLatency(imageSide, steps, cfg, odeSteps, sw.Elapsed.TotalSeconds);
    }
}
