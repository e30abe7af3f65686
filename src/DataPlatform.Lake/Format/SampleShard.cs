using DataPlatform.Core;
using Parquet;
using Parquet.Schema;

namespace DataPlatform.Lake;

/// <summary>
/// The Parquet schema of sample shards (<c>shards/bucket=HxW/…parquet</c>): one column per property of
/// <see cref="SampleRecord"/> in snake_case, all required; <c>concepts</c> is a list of strings and
/// <c>ingested_at</c> a UTC timestamp in milliseconds. Not microseconds: Parquet.Net 6.1.0 writes the
/// min/max statistics of microsecond timestamps in milliseconds, and DuckDB trusts them (wrong filter
/// and sort results). Documented in <c>schemas/sample.md</c>.
/// </summary>
public sealed class SampleShard : IShardCodec<SampleRecord>
{
    public static readonly SampleShard Codec = new();

    public static readonly DataField<string> SampleId = new("sample_id", false);
    public static readonly DataField<string> ImageSha256 = new("image_sha256", false);
    public static readonly DataField<long> Phash = new("phash", false);
    public static readonly DataField<string> Caption = new("caption", false);
    public static readonly DataField<string> CaptionSource = new("caption_source", false);
    public static readonly DataField<string> SourceUri = new("source_uri", false);
    public static readonly DataField<int> OrigWidth = new("orig_width", false);
    public static readonly DataField<int> OrigHeight = new("orig_height", false);
    public static readonly DataField<string> OrigFormat = new("orig_format", false);
    public static readonly DataField<int> BucketH = new("bucket_h", false);
    public static readonly DataField<int> BucketW = new("bucket_w", false);
    public static readonly DataField<int> CropTop = new("crop_top", false);
    public static readonly DataField<int> CropLeft = new("crop_left", false);
    public static readonly DataField<byte[]> Image = new("image", false);
    public static readonly DataField<string> ImageFormat = new("image_format", false);
    public static readonly DataField<string> ConceptElement = new("element", false);
    public static readonly ListField Concepts = new("concepts", ConceptElement);
    public static readonly DataField<string> IngestRun = new("ingest_run", false);
    public static readonly DateTimeDataField IngestedAt = new("ingested_at", DateTimeFormat.Timestamp,
        isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
    public static readonly DataField<int> SchemaVersion = new("schema_version", false);

    public static readonly ParquetSchema Schema = new(
        SampleId, ImageSha256, Phash, Caption, CaptionSource, SourceUri, OrigWidth, OrigHeight, OrigFormat,
        BucketH, BucketW, CropTop, CropLeft, Image, ImageFormat, Concepts, IngestRun, IngestedAt, SchemaVersion);

    private SampleShard()
    {
    }

    string IShardCodec<SampleRecord>.Kind => LakeLayout.SampleKind;

    ParquetSchema IShardCodec<SampleRecord>.Schema => Schema;

    public long EstimateBytes(SampleRecord row) =>
        row.Image.Length + 2L * (row.Caption.Length + row.SourceUri.Length) + row.Concepts.Sum(c => c.Length + 4L) + 256;

    public async Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<SampleRecord> rows, CancellationToken ct)
    {
        await group.WriteAsync(SampleId, Strings(rows, r => r.SampleId));
        await group.WriteAsync(ImageSha256, Strings(rows, r => r.ImageSha256));
        await group.WriteAsync<long>(Phash, rows.Select(r => r.Phash).ToArray().AsMemory(), cancellationToken: ct);
        await group.WriteAsync(Caption, Strings(rows, r => r.Caption));
        await group.WriteAsync(CaptionSource, Strings(rows, r => r.CaptionSource));
        await group.WriteAsync(SourceUri, Strings(rows, r => r.SourceUri));
        await WriteInts(group, OrigWidth, rows, r => r.OrigWidth, ct);
        await WriteInts(group, OrigHeight, rows, r => r.OrigHeight, ct);
        await group.WriteAsync(OrigFormat, Strings(rows, r => r.OrigFormat));
        await WriteInts(group, BucketH, rows, r => r.BucketH, ct);
        await WriteInts(group, BucketW, rows, r => r.BucketW, ct);
        await WriteInts(group, CropTop, rows, r => r.CropTop, ct);
        await WriteInts(group, CropLeft, rows, r => r.CropLeft, ct);
        await group.WriteAsync(Image, rows.Select(r => r.Image).ToArray());
        await group.WriteAsync(ImageFormat, Strings(rows, r => r.ImageFormat));
        await WriteConceptsAsync(group, rows);
        await group.WriteAsync(IngestRun, Strings(rows, r => r.IngestRun));
        await group.WriteAsync<DateTime>(IngestedAt, rows.Select(r => r.IngestedAt.UtcDateTime).ToArray().AsMemory(),
            cancellationToken: ct);
        await WriteInts(group, SchemaVersion, rows, r => r.SchemaVersion, ct);
        group.CompleteValidate();
    }

    /// <summary>
    /// A list column is written as a flat run of values with repetition levels: 0 starts a row, 1 continues
    /// its list. An empty list is one null value at level 0 (definition level "list present, no element").
    /// </summary>
    private static async Task WriteConceptsAsync(ParquetRowGroupWriter group, IReadOnlyList<SampleRecord> rows)
    {
        var values = new List<string?>(rows.Count * 2);
        var levels = new List<int>(rows.Count * 2);
        foreach (var row in rows)
        {
            if (row.Concepts.Count == 0)
            {
                values.Add(null);
                levels.Add(0);
                continue;
            }
            for (var i = 0; i < row.Concepts.Count; i++)
            {
                values.Add(row.Concepts[i] ?? throw new ArgumentException($"sample {row.SampleId} has a null concept"));
                levels.Add(i == 0 ? 0 : 1);
            }
        }
        await group.WriteAsync(ConceptElement, values!, levels.ToArray().AsMemory());
    }

    private static string[] Strings(IReadOnlyList<SampleRecord> rows, Func<SampleRecord, string> pick)
    {
        var values = new string[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = pick(rows[i]) ?? throw new ArgumentException($"sample {rows[i].SampleId} has a null text field");
        }
        return values;
    }

    private static Task WriteInts(ParquetRowGroupWriter group, DataField<int> field, IReadOnlyList<SampleRecord> rows,
        Func<SampleRecord, int> pick, CancellationToken ct) =>
        group.WriteAsync<int>(field, rows.Select(pick).ToArray().AsMemory(), cancellationToken: ct);
}
