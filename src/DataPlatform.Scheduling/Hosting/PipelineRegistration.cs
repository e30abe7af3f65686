using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataPlatform.Scheduling.Pipelines;
using Quartz;

namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// Puts the jobs of pipeline files into a scheduler: one durable job (requests recovery) and one
/// trigger per pipeline job, job group = pipeline name. A job whose stored definition hash matches the
/// file is left alone, so a second node joining a cluster does not reset triggers already running;
/// a changed definition replaces job and trigger.
/// </summary>
public static class PipelineRegistration
{
    public const string DefinitionHash = "definition_hash";

    /// <returns>The jobs added or replaced.</returns>
    public static async Task<IReadOnlyList<JobKey>> RegisterAsync(IScheduler scheduler, IEnumerable<PipelineDefinition> pipelines,
        TimeProvider clock, CancellationToken ct = default)
    {
        var changed = new List<JobKey>();
        foreach (var pipeline in pipelines)
        {
            foreach (var job in pipeline.Jobs)
            {
                var key = new JobKey(job.Name, pipeline.Name);
                var hash = Hash(pipeline, job);
                var existing = await scheduler.GetJobDetail(key, ct);
                if (existing is not null && PipelineQuartzJob.Text(existing.JobDataMap, DefinitionHash) == hash) continue;

                var detail = JobBuilder.Create()
                    .OfType(job.DisallowConcurrent ? typeof(SerialPipelineQuartzJob) : typeof(ConcurrentPipelineQuartzJob))
                    .WithIdentity(key)
                    .WithDescription($"{job.Kind.ToString().ToLowerInvariant()} job of pipeline {pipeline.Name}")
                    .UsingJobData(JobDataKeys.PipelineFile, Path.GetFullPath(pipeline.FilePath))
                    .UsingJobData(JobDataKeys.JobName, job.Name)
                    .UsingJobData(DefinitionHash, hash)
                    .RequestRecovery(true)
                    .StoreDurably(true)
                    .Build();
                await scheduler.ScheduleJob(detail, [Trigger(key, job, clock)], new ScheduleJobOptions { Replace = true }, ct);
                changed.Add(key);
            }
        }
        return changed;
    }

    internal static ITrigger Trigger(JobKey key, JobDefinition job, TimeProvider clock)
    {
        var t = job.Trigger;
        var builder = TriggerBuilder.Create(clock).WithIdentity(key.Name, key.Group).ForJob(key).StartAt(clock.GetUtcNow() + t.StartDelay);
        if (t.Cron is not null)
        {
            return builder.WithSchedule(CronScheduleBuilder.Create(t.Cron)
                .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(t.TimeZone))
                .WithMisfireInstruction(job.Misfire switch
                {
                    MisfirePolicy.Skip => CronTriggerMisfireInstruction.DoNothing,
                    MisfirePolicy.Ignore => CronTriggerMisfireInstruction.IgnoreMisfires,
                    _ => CronTriggerMisfireInstruction.FireAndProceed,
                })).Build();
        }
        return builder.WithSchedule(SimpleScheduleBuilder.Create()
            .WithInterval(t.Interval!.Value)
            .RepeatForever()
            .WithMisfireInstruction(job.Misfire switch
            {
                MisfirePolicy.Skip => SimpleTriggerMisfireInstruction.NextWithRemainingCount,
                MisfirePolicy.Ignore => SimpleTriggerMisfireInstruction.IgnoreMisfires,
                _ => SimpleTriggerMisfireInstruction.NowWithExistingCount,
            })).Build();
    }

    private static string Hash(PipelineDefinition pipeline, JobDefinition job)
    {
        var text = JsonSerializer.Serialize(new
        {
            file = Path.GetFullPath(pipeline.FilePath),
            job.Name, kind = job.Kind.ToString(), job.Trigger.Cron, job.Trigger.TimeZone,
            interval = job.Trigger.Interval?.TotalSeconds, delay = job.Trigger.StartDelay.TotalSeconds,
            misfire = job.Misfire.ToString(), job.DisallowConcurrent,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
