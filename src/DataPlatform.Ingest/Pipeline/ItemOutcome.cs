using DataPlatform.Core;

namespace DataPlatform.Ingest.Pipeline;

/// <summary>What a decode worker made of one input, handed to the single writer.</summary>
public abstract record ItemOutcome(string SourceUri, long BytesIn)
{
    /// <summary>Decoded, bucketed and encoded; still subject to dedup within the run.</summary>
    public sealed record Accepted(SampleRecord Sample, long Bytes, int FramesDropped) : ItemOutcome(Sample.SourceUri, Bytes);

    /// <summary>Refused with a reason.</summary>
    public sealed record Rejected(string Uri, long Bytes, RejectReason Reason, string Detail) : ItemOutcome(Uri, Bytes);

    /// <summary>Same sample id as a sample already committed in the lake (detected before decoding).</summary>
    public sealed record LakeDuplicate(string Uri, long Bytes, string SampleId) : ItemOutcome(Uri, Bytes);
}
