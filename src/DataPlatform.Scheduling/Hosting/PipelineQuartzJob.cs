using System.Globalization;
using DataPlatform.Scheduling.Jobs;
using DataPlatform.Scheduling.Pipelines;
using Quartz;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// The Quartz job of a pipeline job: it reloads the pipeline
/// file (so an edited file takes effect at the next fire), runs the job with <see cref="PipelineJobRunner"/>,
/// and records the outcome in its data map (persisted by <see cref="SerialPipelineQuartzJob"/>). Cancellation
/// (a shutdown interrupt) propagates as <see cref="OperationCanceledException"/>, so the store hands the
/// firing back for recovery on another node (the job requests recovery).
/// </summary>
public abstract class PipelineQuartzJob : IJob
{
    private static int _running;

    /// <summary>Executions in progress in this process.</summary>
    public static int Running => Volatile.Read(ref _running);

    public virtual async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.JobDetail.JobDataMap;
        var node = context.Scheduler.SchedulerInstanceId;
        var key = context.JobDetail.Key.ToString();
        var fireLog = context.Scheduler.Context.TryGetValue(JobDataKeys.FireLogContext, out var log) ? log as string : null;
        FireLog.Append(fireLog, node, key, context.FireInstanceId, context.ScheduledFireTimeUtc,
            context.Recovering ? "recovering" : "started");
        Interlocked.Increment(ref _running);
        try
        {
            JobOutcome outcome;
            try
            {
                var pipeline = PipelineLoader.Load(Text(data, JobDataKeys.PipelineFile)!);
                var job = pipeline.Job(Text(data, JobDataKeys.JobName)!);
                outcome = await new PipelineJobRunner(TimeProvider.System).RunAsync(pipeline, job, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                FireLog.Append(fireLog, node, key, context.FireInstanceId, context.ScheduledFireTimeUtc, JobOutcome.Interrupted,
                    "cancelled by shutdown; handed back for recovery");
                throw;
            }
            catch (Core.DataPlatformException ex)
            {
                outcome = new JobOutcome(JobOutcome.Failed, ex.Message, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            }

            data[JobDataKeys.LastStatus] = outcome.Status;
            data[JobDataKeys.LastMessage] = outcome.Message;
            data[JobDataKeys.LastFinished] = outcome.Finished.ToString("O", CultureInfo.InvariantCulture);
            data[JobDataKeys.LastNode] = node;
            data[JobDataKeys.LastFireId] = context.FireInstanceId;
            var executions = long.TryParse(Text(data, JobDataKeys.Executions), CultureInfo.InvariantCulture, out var n) ? n : 0;
            data[JobDataKeys.Executions] = (executions + 1).ToString(CultureInfo.InvariantCulture);
            context.Result = outcome;
            FireLog.Append(fireLog, node, key, context.FireInstanceId, context.ScheduledFireTimeUtc, outcome.Status, outcome.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    internal static string? Text(JobDataMap data, string key) => data.TryGetValue(key, out var value) ? value as string : null;
}

/// <summary>
/// Pipeline jobs with <c>disallow_concurrent: true</c> (the default): one execution at a time across the
/// cluster, and the last outcome persisted in the job store (<c>dp scheduler status</c> shows it).
/// </summary>
[DisallowConcurrentExecution]
[PersistJobDataAfterExecution]
public sealed class SerialPipelineQuartzJob : PipelineQuartzJob;

/// <summary>
/// Pipeline jobs with <c>disallow_concurrent: false</c>: executions may overlap, so the job data map is
/// not persisted (two firings would overwrite each other); outcomes go to the log and the fire log only.
/// </summary>
public sealed class ConcurrentPipelineQuartzJob : PipelineQuartzJob;
