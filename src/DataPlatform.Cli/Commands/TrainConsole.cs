using System.Globalization;
using DataPlatform.Training;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// Shows a training run: a progress bar with the losses and ETA on a terminal; on a redirected output (logs, CI)
/// one line per ~5% of the run plus every note, so a long run stays visible without a terminal.
/// </summary>
internal sealed class TrainConsole : ITrainObserver
{
    private ProgressTask? _task;
    private long _first;
    private long _end;
    private long _every = 1;
    private readonly DateTime _started = DateTime.UtcNow;

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive;

    public void Attach(ProgressTask task) => _task = task;

    public void Started(TrainStart s)
    {
        _first = s.FirstStep;
        _end = s.EndStep;
        _every = Math.Max(1, (s.EndStep - s.FirstStep) / 20);
        string until = s.EndStep < s.TotalSteps ? $" (until step {s.EndStep})" : "";
        Line($"run [bold]{Markup.Escape(s.Run)}[/]: {(s.ResumedFrom is null ? "new" : "resumed from " + Markup.Escape(s.ResumedFrom))}, " +
             $"steps {s.FirstStep}..{s.TotalSteps}{until}, {s.Samples} samples in {s.Buckets.Count} bucket(s): {Markup.Escape(string.Join(", ", s.Buckets))}; " +
             $"weights {Markup.Escape(s.Weights)}, {s.Parameters / 1e6:0.00}M parameters on {s.Device}, fp32 matmul peak {s.PeakGflops:0} GFLOP/s");
        Line($"run folder [blue]{Markup.Escape(s.RunFolder)}[/]");
        if (_task is not null)
        {
            _task.MaxValue = s.EndStep;
            _task.Value = s.FirstStep;
        }
    }

    public void Stepped(TrainLogRow row, long totalSteps)
    {
        long done = row.Step + 1;
        if (_task is not null)
        {
            _task.Value = done;
            _task.Description = string.Create(CultureInfo.InvariantCulture, $"flow {row.LossFlow:0.000} pred {row.LossPred:0.000} {row.SamplesPerSecond:0} smp/s");
            return;
        }
        if ((done - _first) % _every == 0 || done == _end)
        {
            var elapsed = DateTime.UtcNow - _started;
            var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / Math.Max(1, done - _first) * (_end - done));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"step {done}/{totalSteps}  flow {row.LossFlow:0.0000}  pred {row.LossPred:0.0000}  lr {row.Lr:0.00e0}  {row.SamplesPerSecond:0.0} samples/s  " +
                $"data wait {row.DataWaitShare:P0}  mfu {row.Mfu:P0}  eta {eta:hh\\:mm\\:ss}"));
        }
    }

    public void Note(string message) => Line(Markup.Escape(message));

    private static void Line(string markup)
    {
        if (Interactive) AnsiConsole.MarkupLine(markup);
        else Console.WriteLine(Markup.Remove(markup));
    }

    /// <summary>Runs a training run under a progress bar (terminal) or plain lines (redirected).</summary>
    public static async Task<TrainResult> RunAsync(TrainRunConfig config, CancellationToken ct, long? untilStep = null)
    {
        var console = new TrainConsole();
        if (!Interactive) return await TrainRun.RunAsync(config, console, TimeProvider.System, ct, untilStep);
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                console.Attach(ctx.AddTask($"training {config.Run}", maxValue: config.Steps));
                return await TrainRun.RunAsync(config, console, TimeProvider.System, ct, untilStep);
            });
    }

    public static void PrintResult(TrainResult r)
    {
        Line(r.Interrupted
            ? $"[yellow]stopped[/] at step {r.Step}/{r.TotalSteps} after {r.Seconds:0} s; checkpoint {Markup.Escape(r.Checkpoint ?? "none")}; run dp train again to resume"
            : !r.Finished
            ? $"[green]paused[/] at step {r.Step}/{r.TotalSteps} (--until-step) after {r.Seconds:0} s, last losses flow {r.LastFlow:0.0000} pred {r.LastPred:0.0000}; " +
              $"checkpoint {Markup.Escape(r.Checkpoint ?? "none")}; run dp train again to continue"
            : $"[green]done[/]: {r.TotalSteps} steps in {r.Seconds:0} s, last losses flow {r.LastFlow:0.0000} pred {r.LastPred:0.0000}, " +
              $"{r.Refreshes} feedback refreshes; checkpoint {Markup.Escape(r.Checkpoint ?? "none")}");
    }
}
