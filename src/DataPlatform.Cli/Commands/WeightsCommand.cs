using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Stats;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp weights --lake DIR [--alpha 0.5] [--cap N] [--floor 0.1] [--version NAME]</c>: statistical
/// sampling weights computed in SQL, stored as the snapshot <c>stats/weights/&lt;version&gt;.parquet</c>
/// and made current; prints how the concept classes' shares move.
/// </summary>
internal static class WeightsCommand
{
    public static Command Create()
    {
        var lake = new LakeQueryOptions();
        var defaults = new WeightsOptions();
        var alpha = new Option<double>("--alpha") { Description = "Temperature of the inverse frequency, w ∝ f^-alpha, in [0, 1].", DefaultValueFactory = _ => defaults.Alpha };
        var cap = new Option<long?>("--cap") { Description = "MetaCLIP-style per-concept cap N: keep probability min(1, N / f). Default: no cap." };
        var floor = new Option<double>("--floor") { Description = "Share of mass spread uniformly over all samples, in [0, 1].", DefaultValueFactory = _ => defaults.Floor };
        var version = new Option<string?>("--version") { Description = "Snapshot name (default w-<UTC time>)." };

        var command = new Command("weights", "Compute per-sample sampling weights from concept frequencies and store them as a versioned snapshot in the lake.");
        lake.AddTo(command);
        command.Options.Add(alpha);
        command.Options.Add(cap);
        command.Options.Add(floor);
        command.Options.Add(version);
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var options = new WeightsOptions(parse.GetValue(alpha), parse.GetValue(cap), parse.GetValue(floor), parse.GetValue(version));
            var v = new Validation();
            options.Validate(v);
            v.ThrowIfInvalid();
            var store = lake.Store(parse);
            using var session = await LakeSession.OpenAsync(store, lake.Session(parse), SessionKind.Report, ct: ct);
            var result = await WeightsSnapshot.ComputeAsync(session, store, options, TimeProvider.System, ct);
            Print(result);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    internal static void Print(WeightsResult result)
    {
        static string P(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
        var m = result.Manifest;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Effective concept distribution, weights {Markup.Escape(m.Version)}")
            .AddColumns("class", "concepts", "share before", "share after");
        foreach (var c in result.Classes)
        {
            table.AddRow(c.Class, c.Concepts.ToString(CultureInfo.InvariantCulture), P(c.BeforeShare), P(c.AfterShare));
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{m.Samples} samples, alpha {m.Alpha}, cap {(m.Cap?.ToString(CultureInfo.InvariantCulture) ?? "none")}, floor {m.Floor}; " +
            $"weight min {result.MinWeight:E3}, max {result.MaxWeight:E3}, sum {result.Sum:F6}"));
        AnsiConsole.MarkupLine($"wrote [green]{Markup.Escape(m.Key)}[/] and {Markup.Escape(StatsLayout.WeightsManifest)}");
    }
}
