using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Training;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp train --config pipelines/&lt;run&gt;.json [--steps N] [--until-step K]</c>: starts a training run, or resumes it from
/// its latest checkpoint. SIGTERM / Ctrl-C: the current step finishes, a checkpoint is written, exit 130.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Training run config (JSON; see schemas/train-run.md).", Required = true };
        var steps = new Option<long?>("--steps") { Description = "Override the config's total steps (e.g. to extend a finished run)." };
        var until = new Option<long?>("--until-step")
        {
            Description = "Stop at this step with a checkpoint, keeping the schedules of the run's total steps (train in slices; compare runs at equal steps).",
        };
        var command = new Command("train", "Train D-JEPA·T2I on the lake's curated stream with data feedback (new run or resume).") { config, steps, until };
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var run = TrainRunConfig.Load(parse.GetValue(config)!);
            if (parse.GetValue(steps) is { } n)
            {
                run = run with { Steps = n };
                var v = new Validation();
                run.Validate(v);
                v.ThrowIfInvalid();
            }
            var result = await TrainConsole.RunAsync(run, ct, parse.GetValue(until));
            TrainConsole.PrintResult(result);
            return result.Interrupted ? ExitCodes.Cancelled : ExitCodes.Ok;
        }, ct));
        return command;
    }
}
