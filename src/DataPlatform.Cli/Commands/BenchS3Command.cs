using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Lake;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp bench s3</c>: ingest throughput into a local lake vs an <c>s3://</c> lake on an s3rver this
/// command starts itself (infra/s3rver.sh) and stops by process id at the end, on the same generated
/// JPEGs (cached under --work). Prints images/s for both, their ratio and the bytes uploaded.
/// </summary>
internal static class BenchS3Command
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "JPEG inputs (512x512).", DefaultValueFactory = _ => 200 };
        var side = new Option<int>("--side") { Description = "Target bucket side.", DefaultValueFactory = _ => 256 };
        var work = new Option<string>("--work") { Description = "Cache folder for generated images.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "dp-bench-ingest") };
        var workers = new Option<int>("--workers") { Description = "Ingest workers.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var infra = new Option<string>("--infra") { Description = "Folder holding s3rver.sh.", DefaultValueFactory = _ => "infra" };
        var command = new Command("s3", "Benchmark ingest into a local lake vs an S3 lake (s3rver started here).") { count, side, work, workers, infra };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                new Validation().AtLeast("bench.count", parse.GetValue(count), 1).AtLeast("bench.workers", parse.GetValue(workers), 1)
                    .AtLeast("bench.side", parse.GetValue(side), 8).ThrowIfInvalid();
                await RunAsync(parse.GetValue(work)!, parse.GetValue(count), parse.GetValue(side), parse.GetValue(workers), parse.GetValue(infra)!, ct);
                return ExitCodes.Ok;
            }
            catch (Exception ex)
            {
                return CommandRunner.Report(ex, ct.IsCancellationRequested);
            }
        });
        return command;
    }

    private static async Task RunAsync(string work, int count, int side, int workers, string infra, CancellationToken ct)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        Directory.CreateDirectory(work);
        var bench = new IngestBenchmark(work, workers);
        var folder = bench.Images(512, 512, count);
        IngestBenchmark.Warm(folder);
        const string label = "512x512 JPEG";

        AnsiConsole.MarkupLine("[grey]local -> local...[/]");
        var local = await bench.IngestAsync(folder, label, side, ct);

        AnsiConsole.MarkupLine("[grey]starting s3rver...[/]");
        using var server = BenchInfraService.S3rver(Path.GetFullPath(infra));
        var endpoint = server.Env["DP_TEST_S3_ENDPOINT"];
        AnsiConsole.MarkupLine($"[grey]local -> S3 ({Markup.Escape(endpoint)}, s3rver pid {server.Pid})...[/]");
        var options = S3LakeOptions.ForS3rver(endpoint, server.Env["DP_TEST_S3_ACCESS_KEY"], server.Env["DP_TEST_S3_SECRET_KEY"]);
        using var store = S3ObjectStore.Open($"s3://{server.Env["DP_TEST_S3_BUCKET"]}/bench-{Guid.NewGuid():N}", options);
        var s3 = await bench.IngestIntoAsync(folder, store, label, side, ct);
        long bytes = 0, objects = 0;
        await foreach (var o in store.ListAsync("", ct))
        {
            bytes += o.Size;
            objects++;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]ingest local->local vs local->S3[/] ({count} {label} -> {side}², {workers} workers, {Environment.ProcessorCount} cores)");
        table.AddColumns("target", "images", "seconds", "images/s", "CPU util", "bytes uploaded", "objects");
        for (var i = 1; i < 7; i++) table.Columns[i].RightAligned();
        table.AddRow("local -> local", $"{local.Count}", $"{local.Seconds:0.00}", $"{local.ImagesPerSecond:0.0}", $"{local.CpuUtilisation:P0}", "-", "-");
        table.AddRow("local -> S3 (s3rver)", $"{s3.Count}", $"{s3.Seconds:0.00}", $"{s3.ImagesPerSecond:0.0}", $"{s3.CpuUtilisation:P0}", IngestSummaryTable.Bytes(bytes), $"{objects}");
        table.AddRow("[bold]S3 / local[/]", "", "", $"{s3.ImagesPerSecond / local.ImagesPerSecond:0.00}", "", "", "");
        table.Caption("Same cached inputs; each run ingests into a fresh lake after an untimed warm-up. s3rver (Node, loopback) stores objects on local disk,\n" +
                      "so the ratio measures the S3 client path (HTTP, multipart, listing), not network latency to a real region.");
        AnsiConsole.Write(table);
    }
}
