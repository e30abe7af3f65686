using System.CommandLine;
using DataPlatform.Core;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp bench ingest</c>: ingest throughput for 512x512 and 2048x1536 JPEGs into 256² and 512²
/// buckets against vipsthumbnail on the same files (ratio), CPU utilisation, and peak memory for growing
/// input counts. Images are generated once and cached under --work.
/// </summary>
internal static class BenchIngestCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Images per size for the throughput runs.", DefaultValueFactory = _ => 100 };
        var memoryCounts = new Option<string>("--memory-counts") { Description = "Input counts for the peak-memory runs (comma separated; empty skips).", DefaultValueFactory = _ => "2000,10000" };
        var work = new Option<string>("--work") { Description = "Cache folder for generated images.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "dp-bench-ingest") };
        var workers = new Option<int>("--workers") { Description = "Ingest workers and vipsthumbnail processes.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noVips = new Option<bool>("--no-vips") { Description = "Skip the vipsthumbnail comparison." };
        var command = new Command("ingest", "Benchmark ingest against vipsthumbnail; peak memory vs input count.") { count, memoryCounts, work, workers, noVips };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var v = new Validation().AtLeast("bench.count", parse.GetValue(count), 1).AtLeast("bench.workers", parse.GetValue(workers), 1);
                var memory = parse.GetValue(memoryCounts)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => int.TryParse(s, out var n) && n > 0 ? n : -1).ToArray();
                if (memory.Any(n => n < 0)) v.Add($"bench.memory_counts must be positive integers, was '{parse.GetValue(memoryCounts)}'");
                v.ThrowIfInvalid();
                await RunAsync(parse.GetValue(work)!, parse.GetValue(count), parse.GetValue(workers), !parse.GetValue(noVips), memory, ct);
                return ExitCodes.Ok;
            }
            catch (Exception ex)
            {
                return CommandRunner.Report(ex, ct.IsCancellationRequested);
            }
        });
        return command;
    }

    private static async Task RunAsync(string work, int count, int workers, bool vips, int[] memoryCounts, CancellationToken ct)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        Directory.CreateDirectory(work);
        var bench = new IngestBenchmark(work, workers);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]ingest vs vipsthumbnail[/] ({count} images per row, {workers} workers, {Environment.ProcessorCount} cores)");
        table.AddColumns("images", "bucket", "dp images/s", "dp CPU util", "vips images/s", "vips CPU util", "dp / vips",
            "dp img/CPU-s", "vips img/CPU-s", "dp / vips (CPU)");
        for (var i = 2; i < 10; i++) table.Columns[i].RightAligned();

        foreach (var (w, h) in new[] { (512, 512), (2048, 1536) })
        {
            var folder = bench.Images(w, h, count);
            IngestBenchmark.Warm(folder);
            foreach (var side in new[] { 256, 512 })
            {
                var label = $"{w}x{h} JPEG";
                AnsiConsole.MarkupLine($"[grey]{label} -> {side}²...[/]");
                var ours = await bench.IngestAsync(folder, label, side, ct);
                var theirs = vips ? await bench.VipsAsync(folder, label, side, ct) : null;
                table.AddRow(label, $"{side}²", $"{ours.ImagesPerSecond:0.0}", $"{ours.CpuUtilisation:P0}",
                    theirs is null ? "-" : $"{theirs.ImagesPerSecond:0.0}", theirs is null ? "-" : $"{theirs.CpuUtilisation:P0}",
                    theirs is null ? "-" : $"{ours.ImagesPerSecond / theirs.ImagesPerSecond:0.00}",
                    $"{ours.ImagesPerCpuSecond:0.0}", theirs is null ? "-" : $"{theirs.ImagesPerCpuSecond:0.0}",
                    theirs is null ? "-" : $"{ours.ImagesPerCpuSecond / theirs.ImagesPerCpuSecond:0.00}");
            }
        }
        table.Caption("dp: decode (bounded, identified), orient, resize to cover, centre crop, pHash, PNG encode (zlib level 1), SHA-256, Parquet shard + commit.\n" +
                      "vips: vipsthumbnail --size SxS --smartcrop centre, PNG out (same zlib level), one process per worker. CPU util = CPU time / (wall x cores).\n" +
                      "img/CPU-s = images per CPU-second (fair when other processes share the cores).");
        AnsiConsole.Write(table);

        if (memoryCounts.Length == 0) return;
        var distinct = bench.Images(512, 512, count);
        var memory = new Table().Border(TableBorder.Rounded).Title("[bold]peak memory during ingest[/] (512x512 JPEGs -> 256², VmHWM reset before each run)");
        memory.AddColumns("inputs", "accepted", "seconds", "images/s", "peak RSS", "managed heap after");
        for (var i = 0; i < 6; i++) memory.Columns[i].RightAligned();
        foreach (var n in memoryCounts)
        {
            AnsiConsole.MarkupLine($"[grey]peak memory, {n} inputs...[/]");
            var m = await bench.PeakMemoryAsync(distinct, n, 256, ct);
            memory.AddRow($"{m.Count:N0}", $"{m.Accepted:N0}", $"{m.Seconds:0.0}", $"{m.Count / m.Seconds:0.0}",
                IngestSummaryTable.Bytes(m.PeakBytes), IngestSummaryTable.Bytes(m.ManagedBytes));
        }
        AnsiConsole.Write(memory);
    }
}
