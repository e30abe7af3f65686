using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Stats;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp stats --lake DIR [--out DIR]</c>: the long-tail report, printed as tables and written as
/// Markdown + PNG plots + concepts.csv (default folder: <c>stats-report</c> under the current folder).
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var lake = new LakeQueryOptions();
        var output = new Option<string>("--out") { Description = "Folder for report.md, concepts.csv and the plots.", DefaultValueFactory = _ => "stats-report" };
        var command = new Command("stats", "Long-tail report of a lake: counts, buckets, concept frequencies and classes, Gini, caption lengths; Markdown + PNG plots.");
        lake.AddTo(command);
        command.Options.Add(output);
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            using var session = await LakeSession.OpenAsync(lake.Store(parse), lake.Session(parse), SessionKind.Report, ct: ct);
            var report = LongTailReport.Read(session);
            StatsTables.Print(report);
            var files = ReportWriter.Write(report, parse.GetValue(output)!);
            foreach (var file in files) AnsiConsole.MarkupLine($"wrote [green]{Markup.Escape(Path.GetFullPath(file))}[/]");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
