using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// Writes one ingest run into a lake: one open shard per resolution bucket, rolled at the target size,
/// plus a rejects shard. Every shard becomes visible only through its commit record, written after the
/// shard is complete and durable. Not thread-safe: one consumer appends (ingest funnels its workers
/// into one channel).
/// </summary>
public interface ILakeWriter : IAsyncDisposable
{
    /// <summary>The run id every row and shard of this writer carries.</summary>
    string Run { get; }

    /// <summary>Buffers a sample into its bucket's shard; may complete and commit a shard that reached the target size.</summary>
    ValueTask AppendAsync(SampleRecord sample, CancellationToken ct = default);

    /// <summary>Buffers a refused input into the run's rejects shard.</summary>
    ValueTask RejectAsync(RejectRecord reject, CancellationToken ct = default);

    /// <summary>Writes and commits every open shard; returns the commit records of all shards this writer committed.</summary>
    Task<IReadOnlyList<CommitRecord>> CompleteAsync(CancellationToken ct = default);
}

/// <summary>Options of a lake writer.</summary>
/// <param name="TargetShardBytes">Roll a shard when its encoded size reaches this (default ~128 MB).</param>
/// <param name="RowGroupRows">Rows per Parquet row group, sized for streaming (default 512).</param>
public sealed record LakeWriterOptions(long TargetShardBytes = 128L * 1024 * 1024, int RowGroupRows = 512)
{
    /// <summary>
    /// A row group is also written out once its buffered rows reach this many bytes, whatever
    /// <see cref="RowGroupRows"/> says, so memory stays bounded with large images (default 4 MiB).
    /// Parquet.Net rents encode buffers of about this size from shared pools that keep them, so memory
    /// grows with it: writing 1.9 GB of 256x256 and 256x512 PNGs in two buckets peaked at 356 MB working
    /// set with 4 MiB, 652 MB with 8 MiB (heap after GC ~60 vs ~125 MB), at the same throughput.
    /// </summary>
    public long RowGroupMaxBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>
    /// Local folder for the temporary files of open shards (one per bucket); null means the system
    /// temp folder. Nothing here is ever visible in the lake.
    /// </summary>
    public string? SpillDirectory { get; init; }

    public void Validate(Validation v, string prefix = "lake")
    {
        v.AtLeast($"{prefix}.target_shard_bytes", TargetShardBytes, 1024);
        v.AtLeast($"{prefix}.row_group_rows", RowGroupRows, 1);
        v.AtLeast($"{prefix}.row_group_max_bytes", RowGroupMaxBytes, 1024);
        if (SpillDirectory is not null) v.NotEmpty($"{prefix}.spill_directory", SpillDirectory);
    }
}
