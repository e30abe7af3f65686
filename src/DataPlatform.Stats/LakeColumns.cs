using System.Globalization;
using System.Text;

namespace DataPlatform.Stats;

/// <summary>
/// The columns each lake source exposes to SQL, with DuckDB types. Used to build the relation a view
/// reads: <c>read_parquet([explicit committed files], filename = true)</c>, or a typed empty relation
/// when the lake has no such files yet, so every view exists with the right columns from the start.
/// The image column is deliberately absent: statistics never read image bytes.
/// </summary>
public static class LakeColumns
{
    public static readonly IReadOnlyList<(string Name, string Type)> Samples =
    [
        ("sample_id", "VARCHAR"), ("image_sha256", "VARCHAR"), ("phash", "BIGINT"), ("caption", "VARCHAR"),
        ("caption_source", "VARCHAR"), ("source_uri", "VARCHAR"), ("orig_width", "INTEGER"),
        ("orig_height", "INTEGER"), ("orig_format", "VARCHAR"), ("bucket_h", "INTEGER"), ("bucket_w", "INTEGER"),
        ("crop_top", "INTEGER"), ("crop_left", "INTEGER"), ("image_format", "VARCHAR"), ("concepts", "VARCHAR[]"),
        ("ingest_run", "VARCHAR"), ("ingested_at", "TIMESTAMPTZ"), ("schema_version", "INTEGER"),
    ];

    public static readonly IReadOnlyList<(string Name, string Type)> Rejects =
    [
        ("source_uri", "VARCHAR"), ("reason", "VARCHAR"), ("detail", "VARCHAR"), ("ingest_run", "VARCHAR"),
        ("rejected_at", "TIMESTAMPTZ"), ("schema_version", "INTEGER"),
    ];

    /// <summary>feedback/&lt;train-run&gt;/critic_scores/*.parquet: one row per sample scored at a step.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> CriticScores =
    [
        ("train_run", "VARCHAR"), ("step", "BIGINT"), ("sample_id", "VARCHAR"), ("score", "DOUBLE"),
        ("scored_at", "TIMESTAMPTZ"),
    ];

    /// <summary>stats/weights/&lt;version&gt;.parquet: the sampling weight of every sample (they sum to 1).</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> SampleWeights =
    [
        ("sample_id", "VARCHAR"), ("weight", "DOUBLE"), ("w_stat", "DOUBLE"), ("version", "VARCHAR"),
    ];

    /// <summary>feedback/&lt;train-run&gt;/losses/*.parquet: one row per sample per training step.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> SampleLosses =
    [
        ("train_run", "VARCHAR"), ("step", "BIGINT"), ("sample_id", "VARCHAR"), ("loss_flow", "DOUBLE"), ("loss_pred", "DOUBLE"),
        ("t", "DOUBLE"),
    ];

    /// <summary>runs/&lt;train-run&gt;/train_log/*.parquet: one row per training step.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> TrainLog =
    [
        ("train_run", "VARCHAR"), ("step", "BIGINT"), ("loss_flow", "DOUBLE"), ("loss_pred", "DOUBLE"),
        ("lr", "DOUBLE"), ("samples_per_s", "DOUBLE"), ("data_wait_share", "DOUBLE"), ("mfu", "DOUBLE"),
        ("logged_at", "TIMESTAMPTZ"),
    ];

    /// <summary>
    /// A relation over <paramref name="paths"/> (with <c>filename</c> and <c>file_row_number</c> columns), or a typed empty
    /// relation with the same columns when there are no files.
    /// </summary>
    public static string Relation(IReadOnlyCollection<string> paths, IReadOnlyList<(string Name, string Type)> columns)
    {
        if (paths.Count > 0)
        {
            return $"read_parquet([{string.Join(", ", paths.Select(Literal))}], filename = true, file_row_number = true)";
        }
        var select = string.Join(", ", columns.Select(c => $"NULL::{c.Type} AS {c.Name}"));
        return $"(SELECT {select}, NULL::VARCHAR AS filename, NULL::BIGINT AS file_row_number WHERE false)";
    }

    /// <summary>A SQL string literal (single quotes doubled).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A SQL numeric literal in the invariant culture.</summary>
    public static string Literal(double value) =>
        double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "SQL numbers must be finite");

    /// <summary>The commit records as a relation: one row per committed shard, in commit order.</summary>
    public static string Commits(LakeSnapshot lake)
    {
        var shards = lake.Samples.Concat(lake.Rejects).OrderBy(s => s.CommitOrder).ToList();
        const string names = "kind, shard, path, run, seq, bucket_h, bucket_w, row_count, byte_size, sha256, committed_at, commit_order";
        if (shards.Count == 0)
        {
            return "(SELECT NULL::VARCHAR AS kind, NULL::VARCHAR AS shard, NULL::VARCHAR AS path, NULL::VARCHAR AS run, " +
                   "NULL::INTEGER AS seq, NULL::INTEGER AS bucket_h, NULL::INTEGER AS bucket_w, NULL::BIGINT AS row_count, " +
                   "NULL::BIGINT AS byte_size, NULL::VARCHAR AS sha256, NULL::TIMESTAMPTZ AS committed_at, " +
                   "NULL::INTEGER AS commit_order WHERE false)";
        }
        var rows = new StringBuilder();
        foreach (var s in shards)
        {
            var c = s.Commit;
            if (rows.Length > 0) rows.Append(", ");
            rows.Append(CultureInfo.InvariantCulture,
                $"({Literal(c.Kind)}, {Literal(c.Shard)}, {Literal(s.Path)}, {Literal(c.Run)}, {c.Seq}, " +
                $"{Nullable(c.BucketH)}::INTEGER, {Nullable(c.BucketW)}::INTEGER, {c.RowCount}::BIGINT, {c.ByteSize}::BIGINT, " +
                $"{Literal(c.Sha256)}, {Literal(c.CommittedAt.ToString("O", CultureInfo.InvariantCulture))}::TIMESTAMPTZ, {s.CommitOrder})");
        }
        return $"(SELECT * FROM (VALUES {rows}) AS t({names}))";
    }

    private static string Nullable(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
}
