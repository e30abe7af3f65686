using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Scheduling.Jobs;
using DataPlatform.Scheduling.Pipelines;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp pipeline validate FILE</c> (exit 64 listing every error with its JSON path) and
/// <c>dp pipeline run FILE [--job NAME]</c>: runs the pipeline's jobs (or one) once, now, in this
/// process, with the job code the scheduler uses; exit 1 when a job failed.
/// </summary>
internal static class PipelineCommand
{
    public static Command Create()
    {
        var command = new Command("pipeline", "Validate pipeline files and run their jobs once.");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Run());
        return command;
    }

    private static Command Validate()
    {
        var file = new Argument<string>("FILE") { Description = "Pipeline file (JSON, schemas/pipeline.schema.json)." };
        var command = new Command("validate", "Check a pipeline file against the schema and the semantic rules; list every error with its JSON path.");
        command.Arguments.Add(file);
        command.SetAction((parse, ct) => Guarded.RunAsync(() =>
        {
            var pipeline = PipelineLoader.Load(parse.GetValue(file)!);
            Console.WriteLine($"{pipeline.FilePath}: pipeline '{pipeline.Name}' is valid: {pipeline.Jobs.Count} jobs " +
                              $"({string.Join(", ", pipeline.Jobs.Select(j => $"{j.Name}:{j.Kind.ToString().ToLowerInvariant()}"))})");
            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return command;
    }

    private static Command Run()
    {
        var file = new Argument<string>("FILE") { Description = "Pipeline file." };
        var job = new Option<string?>("--job") { Description = "Run only this job (default: every job, in file order)." };
        var command = new Command("run", "Run a pipeline's jobs once, now, in this process.");
        command.Arguments.Add(file);
        command.Options.Add(job);
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var pipeline = PipelineLoader.Load(parse.GetValue(file)!);
            var jobs = parse.GetValue(job) is { } name ? [pipeline.Job(name)] : pipeline.Jobs;
            var runner = new PipelineJobRunner(TimeProvider.System);
            var failed = 0;
            foreach (var definition in jobs)
            {
                var outcome = await runner.RunAsync(pipeline, definition, ct);
                // One plain line per job (no wrapping): scripts and logs read it.
                Console.WriteLine($"{definition.Name} ({definition.Kind.ToString().ToLowerInvariant()}): {outcome.Status} in " +
                                  $"{(outcome.Finished - outcome.Started).TotalSeconds:F1} s: {outcome.Message}");
                if (!outcome.IsSuccess) failed++;
            }
            return failed == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }, ct));
        return command;
    }
}
