using System.Diagnostics;
using DataPlatform.Lake;
using DataPlatform.Stats.Synthetic;
using DuckDB.NET.Data;

namespace DataPlatform.Stats.Bench;

/// <summary>
/// <c>dp bench stats</c>: on a generated lake (cached between runs), the wall time, peak memory and
/// bytes read of (1) a plain DuckDB scan, <c>SELECT count(*)</c> over the committed shards forcing
/// every metadata column the views read, (2) the whole <c>dp stats</c> work (session, report,
/// Markdown, plots), (3) the whole <c>dp weights</c> work; and the size of the shards and of their
/// image column, to show that the image bytes are not read. A second scan over only the five
/// columns the report reads is measured too, as a stricter baseline.
/// </summary>
public static class StatsBenchmark
{
    public static async Task<StatsBenchmarkResult> RunAsync(
        ZipfLakeSpec spec, string cacheFolder, LakeSessionOptions session,
        Func<IObjectStore, string, ILakeWriter> writerFor, bool regenerate, int repeat = 3, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        var (store, generated) = await CachedLakeAsync(spec, cacheFolder, writerFor, regenerate, ct);
        var lake = await LakeSnapshot.LoadAsync(store, ct);
        var files = lake.Samples.Select(s => s.Path).ToList();
        var shardBytes = lake.Samples.Sum(s => s.Commit.ByteSize);
        var imageBytes = ImageColumnBytes(files);

        // Every round measures the four phases in turn; the table shows each phase's fastest round
        // (this machine is shared, so single rounds are noisy), with the largest peak memory seen.
        var rounds = new List<PhaseFigures>();
        var expectedRows = lake.Samples.Sum(s => s.Commit.RowCount);
        LongTailReport report = null!;
        WeightsResult weights = null!;
        for (var round = 0; round < repeat; round++)
        {
            using (var meter = new ProcessMeter())
            {
                var rows = Scan(files, session, LakeColumns.Samples.Select(c => c.Name));
                if (rows != expectedRows) throw new InvalidOperationException($"scan counted {rows} rows, the commit records {expectedRows}");
                rounds.Add(meter.Stop("scan"));
            }

            using (var meter = new ProcessMeter())
            {
                Scan(files, session, ReportColumns);
                rounds.Add(meter.Stop("scan (report columns)"));
            }

            using (var meter = new ProcessMeter())
            {
                using var s = await LakeSession.OpenAsync(store, session, SessionKind.Report, ct: ct);
                report = LongTailReport.Read(s);
                ReportWriter.Write(report, Path.Combine(cacheFolder, "report"));
                rounds.Add(meter.Stop("dp stats"));
            }

            var version = $"bench-{Guid.NewGuid():N}";
            using (var meter = new ProcessMeter())
            {
                using var s = await LakeSession.OpenAsync(store, session, SessionKind.Report, ct: ct);
                weights = await WeightsSnapshot.ComputeAsync(s, store, new WeightsOptions(Version: version), TimeProvider.System, ct);
                rounds.Add(meter.Stop("dp weights"));
            }
            // Leave the cached lake as it was generated.
            await store.DeleteAsync(StatsLayout.Weights(version), ct);
            await store.DeleteAsync(StatsLayout.WeightsManifest, ct);
        }
        var phases = rounds.GroupBy(p => p.Phase)
            .Select(g => g.MinBy(p => p.Wall)! with { PeakRssBytes = g.Max(p => p.PeakRssBytes) })
            .ToList();

        return new StatsBenchmarkResult(store.Root, report.Samples, report.ShardRows, files.Count, shardBytes, imageBytes, generated, phases, weights, repeat);
    }

    /// <summary>Writers that generate the bench lake concurrently, and the rows the last one stores again.</summary>
    public const int Runs = 4;
    public const int DuplicateRows = 10_000;

    /// <summary>
    /// The lake of <paramref name="spec"/> under the cache folder, generated through the real writer when
    /// missing: <see cref="Runs"/> writers of spec.Samples / Runs samples each, plus a writer that stores
    /// <see cref="DuplicateRows"/> of the first run's samples again (resolved at read time).
    /// </summary>
    private static async Task<(IObjectStore Store, TimeSpan? Generated)> CachedLakeAsync(
        ZipfLakeSpec spec, string cacheFolder, Func<IObjectStore, string, ILakeWriter> writerFor, bool regenerate, CancellationToken ct)
    {
        var lakeFolder = Path.Combine(cacheFolder, "lake");
        var marker = Path.Combine(cacheFolder, "complete.txt");
        var fingerprint = $"{spec} runs={Runs} duplicates={DuplicateRows}";
        if (!regenerate && File.Exists(marker) && File.ReadAllText(marker) == fingerprint)
        {
            return (ObjectStores.Open(lakeFolder, create: false), null);
        }
        if (Directory.Exists(cacheFolder)) Directory.Delete(cacheFolder, recursive: true);
        Directory.CreateDirectory(cacheFolder);
        var store = ObjectStores.Open(lakeFolder);
        var clock = Stopwatch.StartNew();
        var at = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        var perRun = spec with { Samples = spec.Samples / Runs, Rejects = spec.Rejects / Runs };
        var generator = new ZipfLakeGenerator(perRun);
        await Task.WhenAll(Enumerable.Range(1, Runs).Select(i => Task.Run(async () =>
        {
            await using var writer = writerFor(store, $"bench-{i:D4}");
            await generator.WriteAsync(writer, at, ct);
        }, ct)));
        await using (var writer = writerFor(store, "bench-dups"))
        {
            foreach (var sample in generator.Samples("bench-0001", at).Take(DuplicateRows))
            {
                await writer.AppendAsync(sample with { IngestRun = writer.Run }, ct);
            }
            await writer.CompleteAsync(ct);
        }
        clock.Stop();
        await File.WriteAllTextAsync(marker, fingerprint, ct);
        return (store, clock.Elapsed);
    }

    /// <summary>The shard columns <c>sample_facts</c> reads (a second, narrower baseline).</summary>
    public static readonly IReadOnlyList<string> ReportColumns = ["sample_id", "bucket_h", "bucket_w", "caption", "concepts"];

    private static long Scan(IReadOnlyList<string> files, LakeSessionOptions options, IEnumerable<string> columns)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var list = string.Join(", ", files.Select(LakeColumns.Literal));
        var forced = string.Join(" AND ", columns.Select(c => $"{c} IS NOT NULL"));
        command.CommandText =
            $"SET threads = {options.Threads}; SET memory_limit = {LakeColumns.Literal(options.MemoryLimit)}; " +
            $"SELECT count(*) FROM read_parquet([{list}]) WHERE {forced}";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Compressed bytes of the image column chunks, from the Parquet footers.</summary>
    private static long ImageColumnBytes(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return 0;
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT coalesce(sum(total_compressed_size), 0)::BIGINT FROM parquet_metadata([{string.Join(", ", files.Select(LakeColumns.Literal))}]) " +
            "WHERE path_in_schema = 'image'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Figures of one <c>dp bench stats</c> run.</summary>
public sealed record StatsBenchmarkResult(
    string Lake, long Samples, long ShardRows, int Shards, long ShardBytes, long ImageColumnBytes, TimeSpan? Generated,
    IReadOnlyList<PhaseFigures> Phases, WeightsResult Weights, int Rounds);
