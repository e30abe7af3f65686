using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Synthesis;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp synth shapes</c>: writes a ShapeWorld caption-image dataset in the layout ingest reads.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var synth = new Command("synth", "Generate synthetic datasets.");
        synth.Subcommands.Add(Shapes());
        return synth;
    }

    private static Command Shapes()
    {
        var defaults = new SynthOptions();
        var count = new Option<int>("--count") { Description = "Number of samples.", DefaultValueFactory = _ => defaults.Count };
        var size = new Option<string>("--size") { Description = "Canvas WIDTHxHEIGHT (16 px up, aspect 1:4 .. 4:1).", DefaultValueFactory = _ => "32x32" };
        var outDir = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed: the same seed writes the same bytes.", DefaultValueFactory = _ => defaults.Seed };
        var zipf = new Option<double?>("--zipf") { Description = "Zipf exponent for colours, shapes and counts (0 = uniform; default 1.1)." };
        var colourZipf = new Option<double?>("--colour-zipf") { Description = "Zipf exponent over colours (overrides --zipf)." };
        var shapeZipf = new Option<double?>("--shape-zipf") { Description = "Zipf exponent over shapes (overrides --zipf)." };
        var countZipf = new Option<double?>("--count-zipf") { Description = "Zipf exponent over object counts (overrides --zipf)." };
        var maxObjects = new Option<int>("--max-objects") { Description = "Most objects per scene, 1-4.", DefaultValueFactory = _ => defaults.MaxObjects };
        var holdout = new Option<string>("--holdout") { Description = "Held-out colour:shape pairs: 'default', 'none', 'red:star,blue:diamond' or a file.", DefaultValueFactory = _ => "default" };
        var enhanced = new Option<bool>("--enhanced") { Description = "Also write <id>.enhanced.txt with a longer caption." };
        var noSidecars = new Option<bool>("--no-sidecars") { Description = "Skip <id>.txt sidecars: captions only in scenes.jsonl (half the files)." };
        var workers = new Option<int>("--workers") { Description = "Worker threads (output does not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("shapes", "Write ShapeWorld scenes: <id>.png + <id>.txt, scenes.jsonl (ground truth), synth.json.")
        {
            count, size, outDir, seed, zipf, colourZipf, shapeZipf, countZipf, maxObjects, holdout, enhanced, noSidecars, workers,
        };
        command.SetAction((parse, cancel) =>
        {
            var (width, height) = SynthOptions.ParseSize(parse.GetValue(size)!);
            var z = parse.GetValue(zipf);
            var options = new SynthOptions
            {
                Count = parse.GetValue(count),
                Width = width,
                Height = height,
                Seed = parse.GetValue(seed),
                ColourZipf = parse.GetValue(colourZipf) ?? z ?? defaults.ColourZipf,
                ShapeZipf = parse.GetValue(shapeZipf) ?? z ?? defaults.ShapeZipf,
                CountZipf = parse.GetValue(countZipf) ?? z ?? defaults.CountZipf,
                MaxObjects = parse.GetValue(maxObjects),
                Holdout = Holdout.Parse(parse.GetValue(holdout)!),
                Enhanced = parse.GetValue(enhanced),
                Sidecars = !parse.GetValue(noSidecars),
                Workers = parse.GetValue(workers),
            };
            options.Validate();
            var output = parse.GetValue(outDir)!;
            SynthResult? result = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("synth shapes", maxValue: options.Count);
                    result = new ShapeWorldSynthesizer(options, TimeProvider.System).Run(output, new SyncProgress(task), cancel);
                    task.Value = options.Count;
                });
            var seconds = result!.Elapsed.TotalSeconds;
            AnsiConsole.MarkupLine(
                $"wrote [green]{result.Count}[/] samples ({width}x{height}) to [blue]{Markup.Escape(output)}[/] in {seconds:0.0} s " +
                $"({result.Count / Math.Max(seconds, 1e-9):0} samples/s, {result.PngBytes / 1e6:0.0} MB of PNG); holdout {Markup.Escape(options.Holdout.ToString())}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>Sets the bar's value on the reporting thread (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class SyncProgress(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Value = value;
    }
}
