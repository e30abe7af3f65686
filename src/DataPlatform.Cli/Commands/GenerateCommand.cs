using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.Training.Generation;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp generate --run R (--prompt "..." | --prompts FILE) [--samples K] (--out x.png | --out FOLDER) [--grid g.png]</c>:
/// text -> images with a run's EMA model. One image may go to a .png file; otherwise --out is a folder of
/// <c>&lt;NNN&gt;_&lt;k&gt;.png</c> (prompt number in input order, sample k) with generate.json listing each file's prompt.
/// --grid writes all images as one grid (a row per prompt when K &gt; 1).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var shared = new GenerationCliOptions();
        var prompt = new Option<string[]>("--prompt") { Description = "A caption (repeat for several)." };
        var promptsFile = new Option<string?>("--prompts") { Description = "Text file with one caption a line (blank lines skipped)." };
        var samples = new Option<int>("--samples") { Description = "Images per caption.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "A .png file (exactly one image) or a folder for one PNG per image." };
        var grid = new Option<string?>("--grid") { Description = "Also write every image into one grid PNG here." };
        var columns = new Option<int?>("--columns") { Description = "Grid columns (default: --samples when above 1, else up to 8)." };
        var command = new Command("generate", "Generate images from captions with a trained run (EMA weights of its newest checkpoint).")
        {
            prompt, promptsFile, samples, output, grid, columns,
        };
        foreach (var option in shared.All) command.Options.Add(option);
        command.SetAction((parse, cancel) =>
        {
            var captions = Captions(parse.GetValue(prompt) ?? [], parse.GetValue(promptsFile));
            int k = parse.GetValue(samples);
            string? outPath = parse.GetValue(output), gridPath = parse.GetValue(grid);
            var v = new Validation().AtLeast("--samples", k, 1);
            if (captions.Count == 0) v.Add("give at least one caption with --prompt or --prompts");
            if (outPath is null && gridPath is null) v.Add("give --out (a .png file or a folder) and/or --grid (a .png file)");
            bool single = outPath is not null && outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
            if (single && captions.Count * k != 1)
                v.Add($"--out {outPath} takes one image, but {captions.Count} caption(s) x {k} sample(s) make {captions.Count * k}: give a folder");
            if (parse.GetValue(columns) is { } c) v.AtLeast("--columns", c, 1);
            v.ThrowIfInvalid();
            var options = shared.Generation(parse);

            var model = shared.LoadModel(parse);
            options.Validate(model.Config);
            var all = captions.SelectMany(caption => Enumerable.Repeat(caption, k)).ToList();
            var clock = Stopwatch.StartNew();
            var images = GenerationCliOptions.WithProgress("generate", all.Count,
                progress => new ImageGenerator(model).Generate(all, options, progress, cancel));
            var seconds = clock.Elapsed.TotalSeconds;

            if (single) Write(outPath!, images[0]);
            else if (outPath is not null) WriteFolder(outPath, captions, k, images, model.Checkpoint, model.Step, options with { Size = options.SizeFor(model.Config) });
            if (gridPath is not null)
            {
                var g = ImageGrid.Write(gridPath, images, parse.GetValue(columns) ?? (k > 1 ? k : Math.Min(8, images.Count)));
                AnsiConsole.MarkupLine($"grid {g.Width}x{g.Height} -> [blue]{Markup.Escape(Path.GetFullPath(gridPath))}[/]");
            }
            var size = options.SizeFor(model.Config);
            AnsiConsole.MarkupLine($"{images.Count} image(s) {size} in {seconds:0.0} s ({seconds / images.Count:0.00} s/image); " +
                                   $"T {options.Steps}, Euler {options.OdeSteps}, CFG {options.Cfg} ({options.CfgScheduleName}), seed {options.Seed}, batch {options.BatchSize}, {options.Threads} torch threads");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static List<string> Captions(string[] prompts, string? file)
    {
        var captions = prompts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
        if (file is null) return captions;
        if (!File.Exists(file)) throw new InvalidInputException($"prompt file {Path.GetFullPath(file)} does not exist");
        captions.AddRange(File.ReadLines(file).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()));
        return captions;
    }

    private static void Write(string path, RgbImage image)
    {
        ImageFiles.WritePng(path, image);
        AnsiConsole.MarkupLine($"image -> [blue]{Markup.Escape(Path.GetFullPath(path))}[/]");
    }

    private static void WriteFolder(string folder, List<string> captions, int k, IReadOnlyList<RgbImage> images, string checkpoint, long step, ImageGenerationOptions options)
    {
        var files = new List<object>();
        for (int i = 0; i < images.Count; i++)
        {
            var name = $"{i / k:D3}_{i % k}.png";
            ImageFiles.WritePng(Path.Combine(folder, name), images[i]);
            files.Add(new { file = name, prompt = captions[i / k], sample = i % k });
        }
        var manifest = new { checkpoint, step, size = options.Size?.ToString(), options.Steps, options.OdeSteps, options.Cfg, CfgSchedule = options.CfgScheduleName, options.Seed, options.BatchSize, images = files };
        var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        File.WriteAllText(Path.Combine(folder, "generate.json"), JsonSerializer.Serialize(manifest, json));
        AnsiConsole.MarkupLine($"{images.Count} image(s) -> [blue]{Markup.Escape(Path.GetFullPath(folder))}[/] (generate.json lists their captions)");
    }
}
