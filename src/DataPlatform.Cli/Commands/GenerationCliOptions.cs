using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Model;
using DataPlatform.Training;
using DataPlatform.Training.Generation;
using Spectre.Console;
using TorchSharp;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// The options <c>dp generate</c> and <c>dp eval shapes</c> share: which run (<c>--run</c>, <c>--lake</c>), how to sample
/// (size, T, Euler steps, CFG and its schedule, temperature, seed, batch) and how many torch threads; and loading the run's model.
/// </summary>
internal sealed class GenerationCliOptions
{
    private static readonly ImageGenerationOptions Defaults = new();

    public Option<string> Run { get; } = new("--run") { Description = "Run: a run or checkpoint folder, or a run name under <lake>/runs/.", Required = true };
    public Option<string> Lake { get; } = new("--lake") { Description = "Local lake whose runs/ folder holds named runs.", DefaultValueFactory = _ => Path.Combine(".dp", "quickstart", "lake") };
    public Option<string?> Size { get; } = new("--size") { Description = "Image WIDTHxHEIGHT in pixels, multiples of the token size (default: the training size)." };
    public Option<double> Cfg { get; } = new("--cfg") { Description = "Classifier-free guidance scale (1 = off).", DefaultValueFactory = _ => Defaults.Cfg };
    public Option<string> CfgSchedule { get; } = CfgScheduleOption();
    public Option<int> Steps { get; } = new("--steps") { Description = "T: reveal steps.", DefaultValueFactory = _ => Defaults.Steps };
    public Option<int> OdeSteps { get; } = new("--ode-steps") { Description = "Euler steps of the per-token head.", DefaultValueFactory = _ => Defaults.OdeSteps };
    public Option<double> Temperature { get; } = new("--temperature") { Description = "Sampling temperature of the per-token head.", DefaultValueFactory = _ => Defaults.Temperature };
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed: the same seed gives the same pixels for the n-th prompt, whatever the batch size and threads (up to float rounding).", DefaultValueFactory = _ => Defaults.Seed };
    public Option<int> Batch { get; } = new("--batch") { Description = "Images per forward batch, at most.", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Torch threads (default: all cores). With PASSIVE, two batches of images run side by side and share them where there "
            + "are two or more batches (the captions are cut into an even number); a single batch, or ACTIVE, gets them all.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };
    public Option<string> OmpWait { get; } = OmpWaitOption.Create(
        "ACTIVE is faster on a quiet machine (generation wakes the threads for many small operations) and several times slower when other processes share the cores.");

    public Option<string> Device { get; } = DeviceOption.Create();

    public IEnumerable<Option> All => [Run, Lake, Size, Cfg, CfgSchedule, Steps, OdeSteps, Temperature, Seed, Batch, Threads, OmpWait, Device];

    public ImageGenerationOptions Generation(ParseResult parse) => new()
    {
        Size = parse.GetValue(Size) is { } size ? ImageSize.Parse(size, "--size") : null,
        Cfg = parse.GetValue(Cfg),
        LinearCfgSchedule = parse.GetValue(CfgSchedule) == "linear",
        Steps = parse.GetValue(Steps),
        OdeSteps = parse.GetValue(OdeSteps),
        Temperature = parse.GetValue(Temperature),
        Seed = parse.GetValue(Seed),
        BatchSize = parse.GetValue(Batch),
        Threads = parse.GetValue(Threads),
    };

    private static Option<string> CfgScheduleOption()
    {
        var option = new Option<string>("--cfg-schedule")
        {
            Description = "linear: guidance grows from 1 to --cfg as tokens are revealed (the paper's); constant: --cfg at every step.",
            DefaultValueFactory = _ => Defaults.CfgScheduleName,
        };
        option.AcceptOnlyFromAmong("linear", "constant");
        return option;
    }

    /// <summary>Sets up torch (thread count, OpenMP wait policy) and loads the EMA model of the run's newest checkpoint onto --device.</summary>
    public TrainedModel LoadModel(ParseResult parse)
    {
        int threads = parse.GetValue(Threads);
        new Validation().AtLeast("--threads", threads, 1).ThrowIfInvalid();
        var folder = RunReference.Resolve(parse.GetValue(Run)!, parse.GetValue(Lake)!);
        TorchRuntime.Prepare(parse.GetValue(OmpWait)!);  // before the first torch call
        torch.set_num_threads(threads);
        var device = TorchDevices.Resolve(parse.GetValue(Device)!);
        var model = TrainedModel.Load(folder, device);
        AnsiConsole.MarkupLine($"model: [blue]{Markup.Escape(model.Checkpoint)}[/] (step {model.Step}, {model.Config.PixelsPerToken}-px tokens, " +
                               $"training size {ImageSize.Training(model.Config)}) on {device}");
        return model;
    }

    /// <summary>Runs a generation under a Spectre progress bar counting images.</summary>
    public static T WithProgress<T>(string description, int total, Func<IProgress<int>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: total);
                result = work(new BarProgress(task));
                task.Value = total;
            });
        return result;
    }

    /// <summary>Sets the bar's value on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class BarProgress(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Value = value;
    }
}
