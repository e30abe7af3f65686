using DataPlatform.Core;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// Options of one scheduler node. Defaults: memory store, node id <c>&lt;host&gt;-&lt;pid&gt;</c>, idle
/// wait 1 s (STACK-NOTES Q3), cluster check-in every 5 s, 30 s grace before running jobs are interrupted
/// on shutdown, 4 worker threads, no fire log.
/// </summary>
public sealed record SchedulerNodeOptions
{
    /// <summary>Quartz instance name shared by every node of a cluster.</summary>
    public const string InstanceName = "dp-scheduler";

    public SchedulerStore Store { get; init; } = SchedulerStore.Memory;
    public string NodeId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan CheckinInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);
    public int Threads { get; init; } = 4;
    public string? FireLog { get; init; }

    public void Validate(Validation v, string prefix = "scheduler")
    {
        v.NotEmpty($"{prefix}.node_id", NodeId);
        v.AtLeast($"{prefix}.idle_wait_ms", (long)IdleWait.TotalMilliseconds, 1000);
        v.AtLeast($"{prefix}.checkin_interval_ms", (long)CheckinInterval.TotalMilliseconds, 500);
        v.AtLeast($"{prefix}.shutdown_grace_ms", (long)ShutdownGrace.TotalMilliseconds, 0);
        v.AtLeast($"{prefix}.threads", Threads, 1);
    }
}
