using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Stats;
using DataPlatform.Stats.Bench;
using DataPlatform.Stats.Synthetic;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp bench stats [--samples 1000000]</c>: wall time, peak memory and bytes read of <c>dp stats</c>
/// and <c>dp weights</c> against a plain DuckDB scan of the same metadata columns, on a generated
/// Zipf lake cached under the temp folder.
/// </summary>
internal static class BenchStatsCommand
{
    public static Command Create()
    {
        var lake = new LakeQueryOptions();
        var samples = new Option<int>("--samples") { Description = "Samples in the generated lake.", DefaultValueFactory = _ => 1_000_000 };
        var cache = new Option<string>("--cache")
        {
            Description = "Folder that caches the generated lake between runs.",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "dp-bench-stats"),
        };
        var regenerate = new Option<bool>("--regenerate") { Description = "Generate the lake even when a cached one matches." };
        var repeat = new Option<int>("--repeat") { Description = "Rounds of measurements; each phase shows its fastest round.", DefaultValueFactory = _ => 3 };
        var command = new Command("stats", "Benchmark dp stats and dp weights against a plain DuckDB scan on a generated lake.");
        command.Options.Add(samples);
        command.Options.Add(cache);
        command.Options.Add(regenerate);
        command.Options.Add(repeat);
        command.Options.Add(lake.Threads);
        command.Options.Add(lake.MemoryLimit);
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var spec = new ZipfLakeSpec(Samples: parse.GetValue(samples), Concepts: 2000, ZipfExponent: 1.1, Rejects: 2000, ImageBytes: 256, Seed: 7);
            var folder = Path.Combine(parse.GetValue(cache)!, $"n{spec.Samples}");
            StatsBenchmarkResult result = null!;
            await AnsiConsole.Status().StartAsync("generating (or opening the cached) lake, then measuring...", async _ =>
            {
                result = await StatsBenchmark.RunAsync(spec, folder, lake.Session(parse),
                    (store, run) => LakeWriter.Create(store, run, new LakeWriterOptions(), TimeProvider.System),
                    parse.GetValue(regenerate), parse.GetValue(repeat), ct);
            });
            Print(result);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static void Print(StatsBenchmarkResult r)
    {
        static string Mb(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);
        var scan = r.Phases[0].Wall.TotalSeconds;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"dp bench stats ({r.Rounds} rounds, fastest shown): {r.Samples:N0} samples, {r.ShardRows:N0} rows in {r.Shards} shards, {Mb(r.ShardBytes)} MB ({Mb(r.ImageColumnBytes)} MB of it the image column)")
            .AddColumns("phase", "wall s", "x scan", "peak RSS MB", "bytes read MB", "read / shard bytes");
        foreach (var p in r.Phases)
        {
            table.AddRow(
                Markup.Escape(p.Phase),
                p.Wall.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                (p.Wall.TotalSeconds / scan).ToString("F2", CultureInfo.InvariantCulture),
                Mb(p.PeakRssBytes),
                p.BytesRead is { } read ? Mb(read) : "n/a",
                p.BytesRead is { } b ? (100.0 * b / r.ShardBytes).ToString("F1", CultureInfo.InvariantCulture) + "%" : "n/a");
        }
        AnsiConsole.Write(table);
        if (r.Generated is { } generated)
        {
            AnsiConsole.WriteLine($"generated the lake in {generated.TotalSeconds:F1} s (cached at {r.Lake})");
        }
        var tail = r.Weights.Classes.FirstOrDefault(c => c.Class == "tail");
        if (tail is not null)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"weights: tail share {tail.BeforeShare:P2} -> {tail.AfterShare:P2}; sum {r.Weights.Sum:F9}"));
        }
        AnsiConsole.WriteLine($"scan: plain DuckDB SELECT count(*) over the committed shards, forcing all {LakeColumns.Samples.Count} metadata columns (every column but the image).");
        AnsiConsole.WriteLine($"scan (report columns): the same over only the columns the statistics read ({string.Join(", ", StatsBenchmark.ReportColumns)}).");
        AnsiConsole.WriteLine("dp stats: open the session (commit records, views, sample_facts materialised), the report queries, report.md, concepts.csv, two PNG plots.");
        AnsiConsole.WriteLine("dp weights: open the session, compute the weights in SQL, write the snapshot Parquet and the manifest into the lake.");
        AnsiConsole.WriteLine("bytes read: rchar of /proc/self/io (every read system call of the process, page cache included); peak RSS sampled every 20 ms.");
    }
}
