namespace DataPlatform.Scheduling.Jobs;

/// <summary>How one execution of a job ended: <c>succeeded</c>, <c>failed</c> or <c>interrupted</c>, with a one-line message.</summary>
public sealed record JobOutcome(string Status, string Message, DateTimeOffset Started, DateTimeOffset Finished)
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";

    public bool IsSuccess => Status == Succeeded;

    public override string ToString() => $"{Status} at {Finished:yyyy-MM-dd HH:mm:ss}Z: {Message}";
}
