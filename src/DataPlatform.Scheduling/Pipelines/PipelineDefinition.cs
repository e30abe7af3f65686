using System.Text.Json.Nodes;

namespace DataPlatform.Scheduling.Pipelines;

/// <summary>The kinds of job a pipeline can hold (schema property <c>kind</c>).</summary>
public enum JobKind
{
    Ingest,
    Stats,
    Weights,
    Vacuum,
    /// <summary>A training run (<c>dp train --config</c>) in a child process; a later fire resumes an unfinished run.</summary>
    Train,
}

/// <summary>What Quartz does with a missed fire (schema property <c>misfire</c>, default <see cref="FireNow"/>).</summary>
public enum MisfirePolicy
{
    /// <summary>Run once as soon as possible, then continue the schedule.</summary>
    FireNow,
    /// <summary>Skip the missed fire; wait for the next regular one.</summary>
    Skip,
    /// <summary>Catch up every missed fire.</summary>
    Ignore,
}

/// <summary>A cron trigger (Quartz syntax, with a time zone) or a fixed interval; exactly one is set.</summary>
public sealed record TriggerDefinition(string? Cron, string TimeZone, TimeSpan? Interval, TimeSpan StartDelay);

/// <summary>One job of a pipeline. <see cref="Options"/> is the kind-specific object, already schema-checked.</summary>
public sealed record JobDefinition(
    string Name, JobKind Kind, TriggerDefinition Trigger, MisfirePolicy Misfire, bool DisallowConcurrent, JsonObject Options);

/// <summary>
/// A validated pipeline file. <see cref="Lake"/> and every relative path in job options are resolved
/// against <see cref="BaseDirectory"/>, the folder of the file.
/// </summary>
public sealed record PipelineDefinition(string Name, string Lake, IReadOnlyList<JobDefinition> Jobs, string FilePath)
{
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(FilePath))!;

    /// <summary>A path from the file made absolute; <c>s3://</c> locations are returned unchanged.</summary>
    public string Resolve(string path) =>
        path.Contains("://", StringComparison.Ordinal) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    public JobDefinition Job(string name) =>
        Jobs.FirstOrDefault(j => j.Name == name)
        ?? throw new Core.ConfigException([$"pipeline '{Name}' has no job '{name}'; its jobs: {string.Join(", ", Jobs.Select(j => j.Name))}"]);
}
