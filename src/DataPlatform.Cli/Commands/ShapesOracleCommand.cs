using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Synthesis;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp shapes oracle --out DIR [--size 32x32] [--per-prompt N] [--prompts v1|FILE]</c>: renders correct
/// images for every prompt, named as the scorer expects: the ceiling a model can reach, and a smoke test.
/// </summary>
internal static class ShapesOracleCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var size = new Option<string>("--size") { Description = "Canvas WIDTHxHEIGHT.", DefaultValueFactory = _ => "32x32" };
        var perPrompt = new Option<int>("--per-prompt") { Description = "Images per prompt.", DefaultValueFactory = _ => 1 };
        var prompts = new Option<string>("--prompts") { Description = "Prompt set: 'v1' or a JSONL file.", DefaultValueFactory = _ => "v1" };
        var seed = new Option<long>("--seed") { Description = "Layout seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("oracle", "Render correct images for a prompt set (named <prompt id>_N.png).") { outDir, size, perPrompt, prompts, seed };
        command.SetAction(parse =>
        {
            var (width, height) = SynthOptions.ParseSize(parse.GetValue(size)!);
            new SynthOptions { Width = width, Height = height }.Validate();
            var n = parse.GetValue(perPrompt);
            if (n < 1) throw new ConfigException([$"oracle.per_prompt must be at least 1, was {n}"]);
            var set = PromptSet.Load(parse.GetValue(prompts)!);
            var dir = parse.GetValue(outDir)!;
            Directory.CreateDirectory(dir);
            foreach (var prompt in set.Prompts)
            {
                for (var k = 0; k < n; k++)
                {
                    var scene = PromptScenes.Oracle(prompt, width, height, parse.GetValue(seed) + k);
                    File.WriteAllBytes(Path.Combine(dir, $"{prompt.Id}_{k}.png"), PngCodec.Encode(RgbImage.Of(scene)));
                }
            }
            AnsiConsole.MarkupLine($"wrote {set.Prompts.Count * n} images to [blue]{Markup.Escape(dir)}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }
}
