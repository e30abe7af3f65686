namespace DataPlatform.Scheduling.Hosting;

/// <summary>
/// Keys of a pipeline job's data map (all values strings, so the ADO.NET store keeps them readable).
/// The <c>last_*</c> entries are the last outcome, persisted after each execution.
/// </summary>
public static class JobDataKeys
{
    public const string PipelineFile = "pipeline_file";
    public const string JobName = "job_name";
    public const string LastStatus = "last_status";
    public const string LastMessage = "last_message";
    public const string LastFinished = "last_finished";
    public const string LastNode = "last_node";
    public const string LastFireId = "last_fire_id";
    public const string Executions = "executions";

    /// <summary>Scheduler context entry: path of the fire log (<see cref="FireLog"/>), or absent.</summary>
    public const string FireLogContext = "dp.fire_log";
}
