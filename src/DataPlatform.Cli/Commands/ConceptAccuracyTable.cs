using System.Text.Json.Nodes;
using DataPlatform.Lake;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Stats;
using DataPlatform.Training;
using DataPlatform.Training.Evaluation;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>Prints an evaluation's accuracy by long-tail class of the run's training lake (head / torso / tail / unseen).</summary>
internal static class ConceptAccuracyTable
{
    /// <summary>Does nothing (with a note) when the run has no run.json naming a readable lake.</summary>
    public static async Task PrintAsync(string runFolder, ScoreReport report, PromptSet prompts, CancellationToken ct)
    {
        var runFile = new RunLayout(runFolder).RunConfig;
        var lake = File.Exists(runFile) ? JsonNode.Parse(File.ReadAllText(runFile))?["lake"]?.GetValue<string>() : null;
        if (lake is null)
        {
            AnsiConsole.MarkupLine($"[grey](no {Markup.Escape(runFile)}: accuracy by long-tail class needs the run's lake)[/]");
            return;
        }
        var store = ObjectStores.Open(lake, create: false);
        using var session = await LakeSession.OpenAsync(store, LakeSessionOptions.Default, SessionKind.Interactive, ct: ct);
        var rows = ConceptAccuracy.ByClass(report, prompts, ConceptAccuracy.LakeClasses(session));
        var table = new Table().Title("Accuracy by the rarest concept a prompt names (classes of the training lake's concept_stats)")
            .AddColumn("class").AddColumn(new TableColumn("images").RightAligned())
            .AddColumn(new TableColumn("correct").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned());
        foreach (var r in rows) table.AddRow(r.Class, r.Images.ToString(), r.Correct.ToString(), $"{r.Accuracy:0.000}");
        AnsiConsole.Write(table);
    }
}
