using DataPlatform.Ingest.Pipeline;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>Shows an ingest run's progress as a Spectre.Console bar (indeterminate until the source is fully listed).</summary>
internal static class IngestProgressBar
{
    public static async Task<T> RunAsync<T>(Func<IProgress<IngestProgress>, Task<T>> run)
    {
        if (Console.IsOutputRedirected) return await run(new Progress<IngestProgress>(_ => { }));
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("ingest", maxValue: 1);
                task.IsIndeterminate = true;
                var result = await run(new BarProgress(task));
                task.StopTask();
                return result;
            });
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress p)
        {
            task.Description = $"ingest: {p.Accepted:N0} accepted, {p.Rejected:N0} rejected, {p.Duplicates:N0} duplicates";
            task.IsIndeterminate = !p.SourceFinished;
            task.MaxValue = Math.Max(1, p.Enumerated);
            task.Value = p.Done;
        }
    }
}
