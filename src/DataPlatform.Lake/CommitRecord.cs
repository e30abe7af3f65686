using System.Text.Json.Serialization;

namespace DataPlatform.Lake;

/// <summary>
/// The record that makes a shard visible: <c>_commits/&lt;run&gt;-&lt;seq&gt;.json</c>. Written after the
/// shard is complete and durable; readers list commit records, never raw shard files.
/// Documented in <c>schemas/commit-record.schema.json</c>.
/// </summary>
public sealed record CommitRecord
{
    /// <summary>What the shard holds: <c>samples</c> or <c>rejects</c>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>Key of the shard relative to the lake root.</summary>
    [JsonPropertyName("shard")] public required string Shard { get; init; }

    [JsonPropertyName("run")] public required string Run { get; init; }

    [JsonPropertyName("seq")] public required int Seq { get; init; }

    /// <summary>Bucket height x width in pixels for sample shards; null for rejects.</summary>
    [JsonPropertyName("bucket_h")] public int? BucketH { get; init; }

    [JsonPropertyName("bucket_w")] public int? BucketW { get; init; }

    [JsonPropertyName("row_count")] public required long RowCount { get; init; }

    [JsonPropertyName("byte_size")] public required long ByteSize { get; init; }

    /// <summary>Lower-case hex SHA-256 of the whole shard file.</summary>
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }

    [JsonPropertyName("schema_version")] public required int SchemaVersion { get; init; }

    [JsonPropertyName("committed_at")] public required DateTimeOffset CommittedAt { get; init; }
}
