using System.CommandLine;
using System.Diagnostics;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Synthesis;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp bench synth [--count 100000] [--size 32x32] [--workers N]</c>: how fast ShapeWorld samples,
/// renders, encodes and writes (the full <c>dp synth shapes</c> path into a temporary folder), and how
/// fast the checker reads images back.
/// </summary>
internal static class BenchSynthCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Samples to write.", DefaultValueFactory = _ => 100_000 };
        var size = new Option<string>("--size") { Description = "Canvas WIDTHxHEIGHT.", DefaultValueFactory = _ => "32x32" };
        var workers = new Option<int>("--workers") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var checks = new Option<int>("--check-count") { Description = "Images the checker reads.", DefaultValueFactory = _ => 5_000 };
        var command = new Command("synth", "Benchmark ShapeWorld synthesis (render, PNG, files) and the pixel checker.") { count, size, workers, checks };
        command.SetAction((parse, cancel) =>
        {
            var (width, height) = SynthOptions.ParseSize(parse.GetValue(size)!);
            var options = new SynthOptions
            {
                Count = parse.GetValue(count), Width = width, Height = height, Workers = parse.GetValue(workers), Seed = 7,
            };
            options.Validate();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = cancel };
            var sampler = new SceneSampler(options);
            var table = new Table().Title($"dp bench synth: {width}x{height}, {options.Workers} worker(s)")
                .AddColumn("stage").AddColumn(new TableColumn("items").RightAligned())
                .AddColumn(new TableColumn("wall s").RightAligned()).AddColumn(new TableColumn("cpu s").RightAligned())
                .AddColumn(new TableColumn("items/s (wall)").RightAligned()).AddColumn(new TableColumn("cpu µs/item").RightAligned());
            var process = Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            void Row(string stage, int n, TimeSpan elapsed)
            {
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
                table.AddRow(stage, n.ToString("N0"), $"{elapsed.TotalSeconds:0.00}", $"{cpu:0.00}",
                    $"{n / Math.Max(elapsed.TotalSeconds, 1e-9):N0}", $"{cpu * 1e6 / n:0}");
                cpuStart = process.TotalProcessorTime;
            }

            AnsiConsole.MarkupLine($"load average before: {Markup.Escape(LoadAverage())} (other processes slow the wall-clock figures; cpu s is this process only)");
            var watch = Stopwatch.StartNew();
            Parallel.For(0, options.Count, parallel, i => Rasteriser.Render(sampler.Sample(i)));
            Row("sample + caption + render (memory)", options.Count, watch.Elapsed);

            watch.Restart();
            Parallel.For(0, options.Count, parallel, i => PngCodec.Encode(RgbImage.Of(sampler.Sample(i))));
            Row("... + PNG encode (memory)", options.Count, watch.Elapsed);

            var imageSharpCount = Math.Min(options.Count, 20_000);
            process.Refresh();
            cpuStart = process.TotalProcessorTime;
            watch.Restart();
            Parallel.For(0, imageSharpCount, parallel, i => PngCodec.EncodeWithImageSharp(RgbImage.Of(sampler.Sample(i))));
            Row("... + PNG encode with ImageSharp (reference)", imageSharpCount, watch.Elapsed);

            foreach (var sidecars in new[] { true, false })
            {
                var folder = Path.Combine(Path.GetTempPath(), $"dp-bench-synth-{Guid.NewGuid():N}");
                try
                {
                    process.Refresh();
                    cpuStart = process.TotalProcessorTime;
                    var result = new ShapeWorldSynthesizer(options with { Sidecars = sidecars }, TimeProvider.System).Run(folder, cancel: cancel);
                    Row(sidecars ? "dp synth shapes (png + txt + scenes.jsonl)" : "dp synth shapes --no-sidecars", options.Count, result.Elapsed);
                }
                finally
                {
                    if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                }
            }

            var checkCount = Math.Min(parse.GetValue(checks), options.Count);
            var images = Enumerable.Range(0, checkCount).Select(i => RgbImage.Of(sampler.Sample(i))).ToArray();
            var checker = new SceneChecker();
            process.Refresh();
            cpuStart = process.TotalProcessorTime;
            watch.Restart();
            Parallel.For(0, checkCount, parallel, i => checker.Detect(images[i]));
            Row("checker: detect objects", checkCount, watch.Elapsed);

            AnsiConsole.Write(table);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
