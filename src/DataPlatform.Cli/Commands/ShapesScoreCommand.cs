using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Training.Evaluation;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp shapes score --images DIR [--prompts v1|FILE] [--json OUT]</c>: GenEval-style per-task accuracy
/// and overall mean of a folder of images named "&lt;prompt id&gt;[_N].png", and colour binding.
/// </summary>
internal static class ShapesScoreCommand
{
    public static Command Create()
    {
        var images = new Option<string>("--images") { Description = "Folder of images named <prompt id>[_N].png.", Required = true };
        var prompts = new Option<string>("--prompts") { Description = "Prompt set: 'v1' (embedded) or a JSONL file.", DefaultValueFactory = _ => "v1" };
        var json = new Option<string?>("--json") { Description = "Write the report (summary + per-image results) as JSON here." };
        var command = new Command("score", "Score generated images against their prompts (GenEval rules, pixel checker).") { images, prompts, json };
        command.SetAction((parse, cancel) =>
        {
            var set = PromptSet.Load(parse.GetValue(prompts)!);
            var folder = parse.GetValue(images)!;
            var report = new ShapeScorer(set, new SceneChecker()).ScoreFolder(folder, cancel: cancel);
            Print(report, folder, set);
            if (parse.GetValue(json) is { } path)
            {
                File.WriteAllText(path, report.ToJson());
                AnsiConsole.MarkupLine($"report written to [blue]{Markup.Escape(path)}[/]");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>The table, then colour binding over the folder's single-object colour prompts (shape ignored).</summary>
    public static void Print(ScoreReport report, string folder, PromptSet set)
    {
        var table = new Table().Title($"ShapeWorld GenEval-style score ({Markup.Escape(report.PromptSet)})")
            .AddColumn("task").AddColumn(new TableColumn("correct").RightAligned())
            .AddColumn(new TableColumn("total").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned());
        foreach (var (tag, score) in report.Tasks)
        {
            table.AddRow(tag, score.Correct.ToString(), score.Total.ToString(), $"{score.Accuracy:0.000}");
        }
        table.AddRow("[bold]overall (mean over tasks)[/]", "", "", $"[bold]{report.Overall:0.000}[/]");
        foreach (var (split, score) in report.Splits) table.AddRow($"split: {split}", "", "", $"{score:0.000}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{report.TotalImages} images, {report.TotalPrompts} prompts; " +
                               $"correct images {report.CorrectImages:P1}, prompts with every image correct {report.CorrectPrompts:P1}");
        var (share, colourImages) = ColourBinding.Measure(folder, set, new SceneChecker());
        if (colourImages > 0)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"colour binding: the largest object has the prompted colour in {share:P0} of {colourImages} colour-prompt images (chance {ColourBinding.Chance:P1})"));
        }
    }
}
