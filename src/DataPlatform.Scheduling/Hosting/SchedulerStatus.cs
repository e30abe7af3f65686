using Quartz;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>One job as the job store sees it: trigger state, next and previous fire, and the last recorded outcome.</summary>
public sealed record JobStatus(
    string Pipeline, string Job, string Kind, string TriggerState, DateTimeOffset? NextFire, DateTimeOffset? PreviousFire,
    string? LastStatus, string? LastMessage, string? LastFinished, string? LastNode, long Executions);

/// <summary>
/// Reads every pipeline job from a job store without starting a scheduler node (it never fires
/// anything). Only the PostgreSQL store outlives a process; the memory store belongs to the running host.
/// </summary>
public static class SchedulerStatus
{
    public static async Task<IReadOnlyList<JobStatus>> ReadAsync(SchedulerStore store, CancellationToken ct = default)
    {
        if (!store.IsPostgres)
        {
            throw new Core.ConfigException(["dp scheduler status reads a shared job store: pass --store postgres://...; the memory store lives only inside a running 'dp scheduler run'"]);
        }
        var options = new SchedulerNodeOptions { Store = store, NodeId = $"status-{Guid.NewGuid():N}"[..20] };
        var scheduler = await SchedulerFactory.CreateAsync(options, ct);
        try
        {
            var jobs = await scheduler.QueryJobs(new JobQuery(), ct);
            var triggers = await scheduler.QueryTriggers(new TriggerQuery(), ct);
            var rows = new List<JobStatus>();
            foreach (var header in jobs.Items)
            {
                var detail = await scheduler.GetJobDetail(header.Key, ct);
                var data = detail?.JobDataMap;
                var trigger = triggers.Items.Where(t => t.JobKey.Equals(header.Key))
                    .OrderBy(t => t.NextFireTimeUtc ?? DateTimeOffset.MaxValue).FirstOrDefault();
                string? Get(string key) => data is null ? null : PipelineQuartzJob.Text(data, key);
                rows.Add(new JobStatus(
                    header.Key.Group, header.Key.Name, header.Description ?? "", trigger?.State.ToString() ?? "no trigger",
                    trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc,
                    Get(JobDataKeys.LastStatus), Get(JobDataKeys.LastMessage), Get(JobDataKeys.LastFinished), Get(JobDataKeys.LastNode),
                    long.TryParse(Get(JobDataKeys.Executions), out var n) ? n : 0));
            }
            return rows;
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        }
    }
}
