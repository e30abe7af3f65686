using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Model;
using DataPlatform.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp bench model</c>: fp32 matmul peak, training throughput of a preset (Small) or of a run config's model, and model FLOP utilisation against
/// that peak, and generation latency for 32x32 and 64x64 images versus the number of steps T.
/// </summary>
internal static class BenchModelCommand
{
    /// <summary>Replicas when --replicas is not given and idle OpenMP threads sleep: the setting measured fastest on 2 cores.</summary>
    private const int DefaultReplicas = 2;

    public static Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Torch threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batch = new Option<int>("--batch") { Description = "Training batch size.", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Measured training steps (after the warm-up steps).", DefaultValueFactory = _ => 8 };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Training steps before the measured ones (first allocations, and the JIT recompiling hot methods).",
            DefaultValueFactory = _ => 5,
        };
        var preset = new Option<string>("--preset") { Description = "Model preset to train.", DefaultValueFactory = _ => "small" };
        preset.AcceptOnlyFromAmong([.. ModelPresets.Names]);
        var runConfig = new Option<string?>("--config") { Description = "Train the model of this run config (pipelines/RUN.json: preset and overrides) instead of --preset." };
        var skipGeneration = new Option<bool>("--skip-generation") { Description = "Measure training only." };
        var dropout = new Option<double?>("--dropout") { Description = "Override the preset's dropout (ablation of its cost)." };
        var replicas = new Option<int?>("--replicas")
        {
            Description = "Data-parallel replicas of each step, each on its own thread with a share of --threads (needs --omp-wait PASSIVE). "
                + "Default: 2 with PASSIVE (measured fastest on 2 cores; more are untried), 1 with ACTIVE or a single thread.",
        };
        var ompWait = OmpWaitOption.Create();
        var device = DeviceOption.Create();
        var model = new Command("model", "Benchmark the model: matmul peak, training MFU, generation latency (on the CPU unless --device finds a GPU).")
        {
            threads, batch, steps, warmup, preset, runConfig, skipGeneration, dropout, replicas, ompWait, device,
        };
        model.SetAction((parse, cancel) =>
        {
            var v = new Validation().AtLeast("threads", parse.GetValue(threads), 1).AtLeast("batch", parse.GetValue(batch), 1).AtLeast("steps", parse.GetValue(steps), 1)
                .AtLeast("warmup", parse.GetValue(warmup), 0);
            if (parse.GetValue(replicas) is { } asked)
            {
                v.InRange("replicas", asked, 1, Math.Max(1, parse.GetValue(batch)));
                if (asked > 1 && parse.GetValue(ompWait) == "ACTIVE")
                    v.Add("--replicas above 1 needs --omp-wait PASSIVE: spinning OpenMP threads of the calling thread would take a core from the replicas");
            }
            var (name, config) = parse.GetValue(runConfig) is { } path
                ? (Path.GetFileName(path), TrainRunConfig.Load(path).Model.Resolve(v))
                : ($"preset {parse.GetValue(preset)}", ModelPresets.ByName(parse.GetValue(preset)!));
            v.ThrowIfInvalid();
            var policy = TorchRuntime.Prepare(parse.GetValue(ompWait)!);  // before the first torch call
            var on = TorchDevices.Resolve(parse.GetValue(device)!);
            bool cpu = on.type == DeviceType.CPU;
            if (!cpu && parse.GetValue(replicas) > 1)
                throw new InvalidInputException($"--replicas share a step among CPU cores; on {on} give 1 or leave it out");
            int parts = parse.GetValue(replicas)
                ?? (cpu && TorchRuntime.IdleThreadsSleep ? Math.Min(DefaultReplicas, Math.Min(parse.GetValue(threads), parse.GetValue(batch))) : 1);
            Run(policy, on, name, config!, parse.GetValue(threads), parse.GetValue(batch), parse.GetValue(warmup), parse.GetValue(steps), parts,
                parse.GetValue(skipGeneration), parse.GetValue(dropout), cancel);
            return Task.FromResult(ExitCodes.Ok);
        });
        return model;
    }

    private static string F(double x, string format = "F1") => x.ToString(format, CultureInfo.InvariantCulture);

    private static void Run(string ompWaitPolicy, Device device, string modelName, ModelConfig config, int threads, int batch, int warmup, int steps, int replicas,
        bool skipGeneration, double? dropout, CancellationToken cancel)
    {
        torch.set_num_threads(threads);
        if (dropout is { } rate) config = (config with { Dropout = rate }).Validate();
        AnsiConsole.MarkupLine($"device {device}, torch threads {threads}, OMP_WAIT_POLICY {ompWaitPolicy}, cores {Environment.ProcessorCount}, " +
                               $"load average {F(LoadAverage(), "F2")} (other processes share the CPU)");

        // The peak is measured before and after training and the higher taken: a peak measured while other processes
        // held a core would be low and flatter the MFU.
        var sizes = ModelBenchmark.PeakSizes;
        var before = sizes.Select(n => ModelBenchmark.MatmulPeak(n, device: device)).ToList();
        double shapeRate = WriteLayerShapes(config, batch, before.Max(p => p.GflopPerSecond), device);

        int side = 8 * config.PixelsPerToken;  // the base grid of the Small preset: 32x32 images
        var train = ModelBenchmark.Train(modelName, config, batch, side, warmup, steps, cancel, replicas: replicas, device: device);
        var after = sizes.Select(n => ModelBenchmark.MatmulPeak(n, device: device)).ToList();
        var peaks = before.Concat(after).ToList();
        double peak = peaks.Max(p => p.GflopPerSecond), peakCpu = peaks.Max(p => p.GflopPerCpuSecond);
        bool onCpu = device.type == DeviceType.CPU;  // per CPU-second figures mean nothing for a GPU's work
        var peakTable = new Table().Title("fp32 matmul peak (MFU uses the highest)").AddColumn("n x n")
            .AddColumn(new TableColumn("GFLOP/s before training").RightAligned()).AddColumn(new TableColumn("after").RightAligned());
        if (onCpu) peakTable.AddColumn(new TableColumn("GFLOP per CPU-s before").RightAligned()).AddColumn(new TableColumn("after").RightAligned());
        foreach (var (b, a) in before.Zip(after))
            peakTable.AddRow(onCpu
                ? [$"{b.M}", F(b.GflopPerSecond), F(a.GflopPerSecond), F(b.GflopPerCpuSecond), F(a.GflopPerCpuSecond)]
                : [$"{b.M}", F(b.GflopPerSecond), F(a.GflopPerSecond)]);
        AnsiConsole.Write(peakTable);
        double mfu = train.AchievedGflopPerSecond / peak, mfuCpu = train.AchievedGflopPerCpuSecond / peakCpu;
        var t = train.MeanTimings;
        var trainTable = new Table().Title($"training, {modelName}, {side}x{side} images, batch {batch}, {steps} steps after {warmup}, {replicas} replica(s)")
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        trainTable.AddRow("s / step", F(train.SecondsPerStep, "F3"));
        trainTable.AddRow("samples / s", F(train.SamplesPerSecond));
        trainTable.AddRow("GFLOP / step (analytic matmul)", F(train.GflopPerStep));
        trainTable.AddRow("achieved GFLOP/s", F(train.AchievedGflopPerSecond));
        if (onCpu) trainTable.AddRow("achieved GFLOP per CPU-s", F(train.AchievedGflopPerCpuSecond));
        trainTable.AddRow("[bold]MFU (wall: share of measured peak)[/]", $"[bold]{F(100 * mfu)}%[/]");
        if (onCpu) trainTable.AddRow("[bold]MFU (per CPU-second, robust to contention)[/]", $"[bold]{F(100 * mfuCpu)}%[/]");
        double matmulSeconds = train.GflopPerStep / shapeRate;  // the step's matmul FLOPs at the mean rate of the model's shapes
        trainTable.AddRow("time: matmuls (estimate: FLOPs at the shapes' mean rate)", $"{F(100 * matmulSeconds / train.SecondsPerStep)}%");
        trainTable.AddRow("time: the rest (element-wise, attention, optimizer, idle)", $"{F(100 - 100 * matmulSeconds / train.SecondsPerStep)}%");
        trainTable.AddRow("time: tokenize + mask + schedule", $"{F(100 * t.Prepare / t.Total)}%");
        trainTable.AddRow("time: forward (student + target)", $"{F(100 * t.Forward / t.Total)}%");
        trainTable.AddRow("time: backward", $"{F(100 * t.Backward / t.Total)}%");
        trainTable.AddRow("time: grad clip + AdamW", $"{F(100 * t.Optimizer / t.Total)}%");
        trainTable.AddRow("time: EMA update", $"{F(100 * t.Ema / t.Total)}%");
        trainTable.AddRow(".NET JIT compiling meanwhile (a background thread)", $"{F(1000 * train.JitSecondsPerStep)} ms / step");
        AnsiConsole.Write(trainTable);
        if (onCpu && Math.Abs(mfu - mfuCpu) > 0.1)
            AnsiConsole.MarkupLine($"[yellow]The wall and per-CPU-second MFU differ by {F(100 * Math.Abs(mfu - mfuCpu))} points: other processes held a " +
                "core while the peak or the steps were measured; read the per-CPU-second figure.[/]");

        if (skipGeneration) return;
        torch.random.manual_seed(1);
        var small = new DJepaT2I(ModelPresets.Small);
        small.to(device);
        var genTable = new Table().Title("generation latency, preset small, one image, CFG 3, 16 Euler steps")
            .AddColumn("image").AddColumn(new TableColumn("T").RightAligned()).AddColumn(new TableColumn("seconds").RightAligned()).AddColumn(new TableColumn("ms / step").RightAligned());
        foreach (var imageSide in new[] { 32, 64 })
            foreach (var t2 in new[] { 4, 8, 16, 32 })
            {
                cancel.ThrowIfCancellationRequested();
                var g = ModelBenchmark.Generate(small, imageSide, t2);
                genTable.AddRow($"{imageSide}x{imageSide}", $"{t2}", F(g.Seconds, "F3"), F(1000 * g.Seconds / t2));
            }
        AnsiConsole.Write(genTable);
    }

    /// <summary>
    /// The model's main matmul shapes at this batch, against the square peak: the ceiling of MFU before any
    /// element-wise work. Rows: the predictor's image stream (buffer + 64 tokens) and text (16 tokens) per block, and the
    /// flow head's masked tokens × repeats at the mean mask ratio of [0.7, 1] (0.86). Returns the mean rate of the rows (GFLOP/s).
    /// </summary>
    private static double WriteLayerShapes(ModelConfig config, int batch, double peak, Device device)
    {
        long d = config.Width, mlp = config.MlpRatio * config.Width, w = config.HeadWidth;
        long rows = batch * (config.BufferTokens + 64L + 16L), head = (long)(batch * 0.86 * 64 * config.FlowRepeats);
        var shapes = new (string Layer, long M, long K, long N)[]
        {
            ("block q, k, v", rows, d, 3 * d), ("block MLP in", rows, d, mlp), ("block MLP out", rows, mlp, d),
            ("block q, k, v: weight gradient", d, rows, 3 * d), ("head linear", head, w, w), ("head AdaLN modulation", head, w, 3 * w),
        };
        var table = new Table().Title($"matmul at the model's shapes (batch {batch}), share of the peak").AddColumn("layer").AddColumn("M x K x N")
            .AddColumn(new TableColumn("GFLOP/s").RightAligned()).AddColumn(new TableColumn("of peak").RightAligned());
        var rates = new List<double>();
        foreach (var (layer, m, k, n) in shapes)
        {
            var rate = ModelBenchmark.Matmul(m, k, n, rounds: 3, device: device);
            rates.Add(rate.GflopPerSecond);
            table.AddRow(layer, $"{m} x {k} x {n}", F(rate.GflopPerSecond), $"{F(100 * rate.GflopPerSecond / peak)}%");
        }
        AnsiConsole.Write(table);
        return rates.Average();
    }

    private static double LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture); }
        catch (IOException) { return double.NaN; }
    }
}
