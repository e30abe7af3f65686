using DataPlatform.Core;
using DataPlatform.Scheduling.Pipelines;
using Quartz;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// A long-running scheduler node: registers the pipelines of a folder, starts, and runs until
/// <paramref name="stop"/> fires (SIGTERM / Ctrl-C). Shutdown is graceful: the node stops acquiring
/// triggers (standby), waits up to <see cref="SchedulerNodeOptions.ShutdownGrace"/> for running jobs,
/// then shuts down waiting for jobs with interruption: jobs still running get their cancellation token
/// cancelled, and with the PostgreSQL store their firing is handed back for recovery, so another node
/// (or this one when it starts again) runs it.
/// </summary>
public sealed class SchedulerHost(SchedulerNodeOptions options, TimeProvider clock, TextWriter log)
{
    public async Task<int> RunAsync(string pipelinesFolder, CancellationToken stop)
    {
        var v = new Validation();
        options.Validate(v);
        v.ThrowIfInvalid();
        var pipelines = PipelineLoader.LoadFolder(pipelinesFolder);

        var scheduler = await SchedulerFactory.CreateAsync(options, CancellationToken.None);
        try
        {
            var changed = await PipelineRegistration.RegisterAsync(scheduler, pipelines, clock, CancellationToken.None);
            await scheduler.Start(CancellationToken.None);
            log.WriteLine($"scheduler node {options.NodeId} started: store {options.Store}, " +
                          $"{pipelines.Sum(p => p.Jobs.Count)} jobs in {pipelines.Count} pipelines ({changed.Count} added or updated)");
            log.Flush();
            // Continue on the thread pool, not inline on the thread that cancels (a signal handler that
            // must return before the command's cancellation source is disposed).
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (stop.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task;
            }
            log.WriteLine($"scheduler node {options.NodeId}: stopping; waiting up to {options.ShutdownGrace.TotalSeconds:0} s for {PipelineQuartzJob.Running} running jobs");
            log.Flush();
            await scheduler.Standby(CancellationToken.None);
            var deadline = clock.GetUtcNow() + options.ShutdownGrace;
            while (PipelineQuartzJob.Running > 0 && clock.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            }
            if (PipelineQuartzJob.Running > 0)
            {
                log.WriteLine($"scheduler node {options.NodeId}: interrupting {PipelineQuartzJob.Running} jobs (handed back for recovery)");
                log.Flush();
            }
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
        }
        log.WriteLine($"scheduler node {options.NodeId} stopped");
        return ExitCodes.Cancelled; // stopped by SIGTERM / Ctrl-C after a clean shutdown
    }
}
