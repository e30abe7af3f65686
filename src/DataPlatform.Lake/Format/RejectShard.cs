using DataPlatform.Core;
using Parquet;
using Parquet.Schema;

namespace DataPlatform.Lake;

/// <summary>
/// The Parquet schema of reject shards (<c>rejects/&lt;run&gt;-&lt;seq&gt;.parquet</c>): one row per refused
/// input; <c>reason</c> holds the stable snake_case code of <see cref="RejectReason"/>. Documented in
/// <c>schemas/reject.md</c>.
/// </summary>
public sealed class RejectShard : IShardCodec<RejectRecord>
{
    public static readonly RejectShard Codec = new();

    public static readonly DataField<string> SourceUri = new("source_uri", false);
    public static readonly DataField<string> Reason = new("reason", false);
    public static readonly DataField<string> Detail = new("detail", false);
    public static readonly DataField<string> IngestRun = new("ingest_run", false);
    public static readonly DateTimeDataField RejectedAt = new("rejected_at", DateTimeFormat.Timestamp,
        isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
    public static readonly DataField<int> SchemaVersion = new("schema_version", false);

    public static readonly ParquetSchema Schema = new(SourceUri, Reason, Detail, IngestRun, RejectedAt, SchemaVersion);

    private RejectShard()
    {
    }

    string IShardCodec<RejectRecord>.Kind => LakeLayout.RejectKind;

    ParquetSchema IShardCodec<RejectRecord>.Schema => Schema;

    public long EstimateBytes(RejectRecord row) => 2L * (row.SourceUri.Length + row.Detail.Length) + 64;

    public async Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<RejectRecord> rows, CancellationToken ct)
    {
        await group.WriteAsync(SourceUri, rows.Select(r => r.SourceUri).ToArray());
        await group.WriteAsync(Reason, rows.Select(r => r.Reason.Code()).ToArray());
        await group.WriteAsync(Detail, rows.Select(r => r.Detail).ToArray());
        await group.WriteAsync(IngestRun, rows.Select(r => r.IngestRun).ToArray());
        await group.WriteAsync<DateTime>(RejectedAt, rows.Select(r => r.RejectedAt.UtcDateTime).ToArray().AsMemory(),
            cancellationToken: ct);
        await group.WriteAsync<int>(SchemaVersion, rows.Select(r => r.SchemaVersion).ToArray().AsMemory(),
            cancellationToken: ct);
        group.CompleteValidate();
    }
}
