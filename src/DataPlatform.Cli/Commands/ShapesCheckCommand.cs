using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Rendering;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp shapes check IMAGE...</c>: the objects the pixel checker finds in each image.</summary>
internal static class ShapesCheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("images") { Description = "Image files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "List the objects the pixel checker finds (shape, colour, size, centroid).") { files };
        command.SetAction(parse =>
        {
            var checker = new SceneChecker();
            foreach (var file in parse.GetValue(files)!)
            {
                var found = checker.Detect(PngCodec.Decode(file));
                AnsiConsole.MarkupLine($"[blue]{Markup.Escape(file)}[/]: {found.Count} object(s)");
                foreach (var o in found) AnsiConsole.WriteLine($"  {o}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
