namespace DataPlatform.Core;

/// <summary>One input that was not accepted, stored under <c>rejects/</c> in the lake.</summary>
public sealed record RejectRecord
{
    /// <summary>Where the refused input came from (path, URI or tar member).</summary>
    public required string SourceUri { get; init; }

    public required RejectReason Reason { get; init; }

    /// <summary>Human-readable evidence: what was expected, what was found.</summary>
    public required string Detail { get; init; }

    public required string IngestRun { get; init; }

    public required DateTimeOffset RejectedAt { get; init; }

    public int SchemaVersion { get; init; } = LakeSchema.Version;
}
