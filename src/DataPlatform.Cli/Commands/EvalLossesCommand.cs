using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Stats;
using DataPlatform.Training.Generation;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp eval losses --run R [--run R2 ...]</c>: the runs' flow and prediction losses from the lake's train_log, as a
/// moving average, plotted to a PNG (by default <c>&lt;lake&gt;/runs/&lt;first run&gt;/eval/losses.png</c>), with a
/// table of the curves at a few steps.
/// </summary>
internal static class EvalLossesCommand
{
    public static Command Create()
    {
        var runs = new Option<string[]>("--run") { Description = "Run name in the lake's train_log; repeat it to compare runs on one plot.", Required = true, AllowMultipleArgumentsPerToken = false };
        var lake = new Option<string>("--lake") { Description = "Lake folder.", DefaultValueFactory = _ => Path.Combine(".dp", "quickstart", "lake") };
        var window = new Option<int>("--window") { Description = "Moving-average window in steps.", DefaultValueFactory = _ => 100 };
        var output = new Option<string?>("--out") { Description = "PNG to write (default: <lake>/runs/<first run>/eval/losses.png)." };
        var command = new Command("losses", "Plot the training losses of one or more runs from the lake's train_log.")
        {
            runs, lake, window, output,
        };
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var names = parse.GetValue(runs)!;
            var lakePath = parse.GetValue(lake)!;
            int steps = parse.GetValue(window);
            using var session = await LakeSession.OpenAsync(ObjectStores.Open(lakePath, create: false), LakeSessionOptions.Default, SessionKind.Interactive, ct: ct);
            var curves = LossCurves.Load(session, names, steps);
            var path = parse.GetValue(output) ?? Path.Combine(lakePath, RunReference.RunsFolder, names[0], "eval", "losses.png");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            LossCurves.Plot(curves, steps).SavePng(path, ReportPlots.Width, ReportPlots.Height);

            var table = new Table().Title($"Losses, mean of the last {steps} steps")
                .AddColumn("run").AddColumn(new TableColumn("step").RightAligned())
                .AddColumn(new TableColumn("flow loss").RightAligned()).AddColumn(new TableColumn("pred loss").RightAligned());
            foreach (var curve in curves)
            {
                foreach (int i in Milestones(curve.Steps.Length))
                    table.AddRow(Markup.Escape(curve.Run), curve.Steps[i].ToString(CultureInfo.InvariantCulture),
                        curve.Flow[i].ToString("0.0000", CultureInfo.InvariantCulture), curve.Pred[i].ToString("0.0000", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"plot: {Markup.Escape(Path.GetFullPath(path))}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>Row indices at about every tenth of a curve, and its last row.</summary>
    private static IEnumerable<int> Milestones(int rows) =>
        Enumerable.Range(1, 10).Select(k => (int)Math.Round(k * rows / 10.0) - 1).Where(i => i >= 0).Distinct();
}
