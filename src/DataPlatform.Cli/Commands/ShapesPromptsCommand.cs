using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Prompts;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp shapes prompts [--out FILE]</c>: writes (or summarises) the embedded prompt set v1.</summary>
internal static class ShapesPromptsCommand
{
    public static Command Create()
    {
        var outFile = new Option<string?>("--out") { Description = "Write the prompt set as JSONL here." };
        var rebuild = new Option<bool>("--rebuild") { Description = "Use the builder's output instead of the embedded file (maintainers, for a new version)." };
        var command = new Command("prompts", "Show or export the ShapeWorld prompt set v1 (GenEval's six tasks).") { outFile, rebuild };
        command.SetAction(parse =>
        {
            var set = parse.GetValue(rebuild) ? PromptSetBuilder.BuildV1() : PromptSet.V1();
            if (parse.GetValue(outFile) is { } path) File.WriteAllText(path, set.ToJsonl());
            var table = new Table().Title(set.Name).AddColumn("task").AddColumn("train").AddColumn("heldout").AddColumn("example");
            foreach (var tag in PromptTags.All)
            {
                var of = set.Prompts.Where(p => p.Tag == tag).ToList();
                table.AddRow(tag, of.Count(p => p.Split == PromptSpec.TrainSplit).ToString(),
                    of.Count(p => p.Split == PromptSpec.HeldOutSplit).ToString(), Markup.Escape(of[0].Prompt));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
