using Quartz;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// Builds a Quartz scheduler for a node: the RAM store, or the ADO.NET store on PostgreSQL with
/// clustering (tables created by <c>ProvisionSchema</c>, job data stored as strings, firings cancelled
/// by a shutdown handed back for recovery on another node).
/// </summary>
public static class SchedulerFactory
{
    public static async Task<IScheduler> CreateAsync(SchedulerNodeOptions options, CancellationToken ct = default)
    {
        var builder = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerNodeOptions.InstanceName;
                s.InstanceId = options.NodeId;
                s.IdleWaitTime = options.IdleWait;
                s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
                if (options.FireLog is not null) s.Context[JobDataKeys.FireLogContext] = Path.GetFullPath(options.FireLog);
            });
            q.UseDefaultThreadPool(options.Threads);
            if (options.Store.ConnectionString is { } connectionString)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseSystemTextJsonSerializer(_ => { });
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.CheckinInterval;
                        c.CheckinMisfireThreshold = options.CheckinInterval;
                    });
                    store.ProvisionSchema();
                    store.ConfigureStore(o =>
                    {
                        o.StoreJobDataAsStrings = true;
                        o.RecoverFiringsCancelledByShutdown = true;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore(_ => { });
            }
        });
        return await builder.BuildScheduler(ct);
    }
}
