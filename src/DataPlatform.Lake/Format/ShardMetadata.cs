using DataPlatform.Core;
using Parquet;

namespace DataPlatform.Lake;

/// <summary>
/// Key-value metadata in every shard's Parquet footer, so a shard found on its own (copied out of the
/// lake, read by DuckDB or Spark) still says what it holds.
/// </summary>
public static class ShardMetadata
{
    /// <summary><c>samples</c> or <c>rejects</c> (<see cref="LakeLayout.SampleKind"/>, <see cref="LakeLayout.RejectKind"/>).</summary>
    public const string KindKey = "dataplatform.kind";

    /// <summary>The lake schema version the rows follow (<see cref="LakeSchema.Version"/>).</summary>
    public const string SchemaVersionKey = "dataplatform.schema_version";

    /// <summary>The ingest run that wrote the shard.</summary>
    public const string RunKey = "dataplatform.run";

    /// <summary>For sample shards: the bucket as <c>HxW</c>.</summary>
    public const string BucketKey = "dataplatform.bucket";

    /// <summary>
    /// The options every shard is written with: zstd at its fastest level. Parquet.Net's default level is
    /// SmallestSize (zstd's slowest): seconds per shard for nothing, since encoded images do not compress;
    /// the fastest level writes ~1.4x faster than the default level here at the same size.
    /// </summary>
    public static ParquetOptions WriteOptions() => new()
    {
        CompressionMethod = CompressionMethod.Zstd,
        CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
    };
}
