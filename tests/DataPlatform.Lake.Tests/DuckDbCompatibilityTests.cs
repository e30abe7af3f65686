using DataPlatform.Lake;
using DataPlatform.Testing;
using DuckDB.NET.Data;

namespace DataPlatform.Lake.Tests;

/// <summary>The statistics side reads shards with DuckDB: column names and types must come through as documented.</summary>
public class DuckDbCompatibilityTests
{
    private const string Run = "20261128T120000Z-0d0c0b";

    [Fact]
    public async Task DuckDb_reads_a_sample_shard_with_documented_column_types()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory(seed: 3);
        await using (var writer = lake.Writer(Run))
        {
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), concepts: ["circle", "red"]));
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), concepts: []));
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), caption: "ünïcödé ✓", concepts: ["star"]));
            await writer.CompleteAsync();
        }
        var commit = Assert.Single(await lake.Reader.ListCommitsAsync());
        var path = lake.FileOf(commit.Shard);

        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        var types = Query(db, $"DESCRIBE SELECT * FROM read_parquet('{path}', hive_partitioning = false)", r => (r.GetString(0), r.GetString(1)));
        Assert.Equal(
            [
                ("sample_id", "VARCHAR"), ("image_sha256", "VARCHAR"), ("phash", "BIGINT"), ("caption", "VARCHAR"),
                ("caption_source", "VARCHAR"), ("source_uri", "VARCHAR"), ("orig_width", "INTEGER"), ("orig_height", "INTEGER"),
                ("orig_format", "VARCHAR"), ("bucket_h", "INTEGER"), ("bucket_w", "INTEGER"), ("crop_top", "INTEGER"),
                ("crop_left", "INTEGER"), ("image", "BLOB"), ("image_format", "VARCHAR"), ("concepts", "VARCHAR[]"),
                ("ingest_run", "VARCHAR"), ("ingested_at", "TIMESTAMP WITH TIME ZONE"), ("schema_version", "INTEGER"),
            ],
            types);

        var rows = Query(db,
            $"SELECT len(concepts), list_contains(concepts, 'red'), caption, ingested_at = TIMESTAMPTZ '2026-11-28 12:00:00+00', octet_length(image) FROM read_parquet('{path}') ORDER BY source_uri",
            r => (Convert.ToInt64(r.GetValue(0)), r.GetBoolean(1), r.GetString(2), r.GetBoolean(3), Convert.ToInt64(r.GetValue(4))));
        Assert.Equal([2L, 0L, 1L], rows.Select(r => r.Item1));
        Assert.Equal([true, false, false], rows.Select(r => r.Item2));
        Assert.Equal("ünïcödé ✓", rows[2].Item3);
        Assert.All(rows, r => Assert.True(r.Item4, "ingested_at is the writer's clock time, in UTC"));
        Assert.All(rows, r => Assert.True(r.Item5 > 32 * 32 * 3, "the image column holds the whole PNG"));

        // DuckDB prunes row groups with the footer's min/max statistics: filters must agree with the values.
        var filtered = Query(db,
            $"SELECT count(*) FROM read_parquet('{path}') WHERE ingested_at BETWEEN TIMESTAMPTZ '2026-11-28 11:59:59+00' AND TIMESTAMPTZ '2026-11-28 12:00:01+00' AND bucket_h = 32 AND orig_width > 0 AND sample_id >= ''",
            r => Convert.ToInt64(r.GetValue(0)));
        Assert.Equal([3L], filtered);

        // With DuckDB's default hive partitioning the folder name bucket=HxW adds a VARCHAR column 'bucket'.
        var hive = Query(db, $"SELECT DISTINCT bucket FROM read_parquet('{path}')", r => r.GetString(0));
        Assert.Equal(["32x32"], hive);

        var kind = Query(db, $"SELECT decode(value) FROM parquet_kv_metadata('{path}') WHERE decode(key) = '{ShardMetadata.KindKey}'",
            r => r.GetString(0));
        Assert.Equal([LakeLayout.SampleKind], kind);
    }

    [Fact]
    public async Task DuckDb_reads_a_rejects_shard()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory();
        await using (var writer = lake.Writer(Run))
        {
            await writer.RejectAsync(factory.Reject(Run, lake.Time.GetUtcNow(), Core.RejectReason.TooManyPixels, "declared 50000x50000"));
            await writer.CompleteAsync();
        }
        var commit = Assert.Single(await lake.Reader.ListCommitsAsync());

        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        var rows = Query(db, $"SELECT reason, detail, typeof(rejected_at) FROM read_parquet('{lake.FileOf(commit.Shard)}')",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.Equal([("too_many_pixels", "declared 50000x50000", "TIMESTAMP WITH TIME ZONE")], rows);
    }

    [Fact]
    public async Task DuckDb_over_the_committed_shards_resolves_duplicates_like_the_reader()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory(seed: 4);
        var shared = factory.Sample("x", lake.Time.GetUtcNow(), 32, 64);
        foreach (var (run, extra) in new[] { ("run-b", 3), ("run-a", 2) })
        {
            await using var writer = lake.Writer(run);
            await writer.AppendAsync(shared with { IngestRun = run });
            for (var i = 0; i < extra; i++) await writer.AppendAsync(factory.Sample(run, lake.Time.GetUtcNow(), 32, 32 + 32 * (i % 2)));
            await writer.CompleteAsync();
        }
        // An orphan (no commit record) must not be counted: DuckDB is given the committed shards only.
        File.Copy(lake.FileOf((await lake.Reader.ListCommitsAsync())[0].Shard), Path.Combine(lake.Path, "shards", "bucket=32x32", "orphan-00001.parquet"));

        var paths = (await lake.Reader.ListCommitsAsync()).Where(c => c.Kind == LakeLayout.SampleKind).Select(c => $"'{lake.FileOf(c.Shard)}'");
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        // First commit wins: commit keys and shard file names share '<run>-<seq>', so ordinal order of the file name is commit order.
        var rows = Query(db, $"""
            SELECT sample_id, ingest_run FROM read_parquet([{string.Join(", ", paths)}], filename = true, hive_partitioning = false)
            QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY parse_filename(filename)) = 1
            ORDER BY sample_id
            """, r => (r.GetString(0), r.GetString(1)));

        var expected = await lake.Reader.ReadAllSamplesAsync(includeImage: false).Select(s => (s.SampleId, s.IngestRun)).ToListAsync();
        Assert.Equal(6, rows.Count);
        Assert.Equal(expected.OrderBy(e => e.SampleId, StringComparer.Ordinal), rows);
        Assert.Contains((shared.SampleId, "run-a"), rows);
    }

    private static List<T> Query<T>(DuckDBConnection db, string sql, Func<DuckDBDataReader, T> map)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }
}
