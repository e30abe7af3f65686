using System.Globalization;
using DataPlatform.Stats;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>The long-tail report as Spectre tables on the terminal.</summary>
internal static class StatsTables
{
    public static void Print(LongTailReport r)
    {
        static string P(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

        var overview = new Table().Border(TableBorder.Rounded).Title("Lake").AddColumns("figure", "value");
        overview.AddRow("samples (distinct)", r.Samples.ToString(CultureInfo.InvariantCulture));
        overview.AddRow("committed sample shards / rows", $"{r.CommittedSampleShards} / {r.ShardRows}");
        overview.AddRow("duplicate rows resolved", r.DuplicateRows.ToString(CultureInfo.InvariantCulture));
        overview.AddRow("rejects", r.Rejects.ToString(CultureInfo.InvariantCulture));
        overview.AddRow("concepts / occurrences", $"{r.Summary.Concepts} / {r.Summary.Occurrences}");
        overview.AddRow("Gini (concept frequencies)", r.Summary.Gini?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "n/a");
        overview.AddRow("head / torso / tail concepts", $"{r.Summary.HeadConcepts} / {r.Summary.TorsoConcepts} / {r.Summary.TailConcepts}");
        overview.AddRow("head / torso / tail share", $"{P(r.Summary.HeadShare)} / {P(r.Summary.TorsoShare)} / {P(r.Summary.TailShare)}");
        var c = r.Captions;
        overview.AddRow("caption chars p10 / p50 / p90 / p99 / max",
            string.Create(CultureInfo.InvariantCulture, $"{c.P10} / {c.P50} / {c.P90} / {c.P99} / {c.Max}"));
        AnsiConsole.Write(overview);

        if (r.RejectsByReason.Count > 0)
        {
            var rejects = new Table().Border(TableBorder.Rounded).Title("Rejects by reason").AddColumns("reason", "count");
            foreach (var x in r.RejectsByReason) rejects.AddRow(x.Reason, x.Count.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(rejects);
        }

        var buckets = new Table().Border(TableBorder.Rounded).Title("Buckets").AddColumns("h x w", "samples", "share");
        foreach (var b in r.Buckets) buckets.AddRow($"{b.BucketH}x{b.BucketW}", b.Samples.ToString(CultureInfo.InvariantCulture), P(b.Share));
        AnsiConsole.Write(buckets);

        AnsiConsole.Write(Concepts($"Top {Math.Min(15, r.Concepts.Count)} concepts", r.Concepts.Take(15)));
        AnsiConsole.Write(Concepts("Rarest 10 concepts", r.Rarest(10)));

        Table Concepts(string title, IEnumerable<ConceptRow> rows)
        {
            var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumns("rank", "concept", "frequency", "share", "cumulative", "class");
            foreach (var x in rows)
            {
                table.AddRow(x.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(x.Concept),
                    x.Frequency.ToString(CultureInfo.InvariantCulture), P(x.Share), P(x.CumulativeShare), x.Class);
            }
            return table;
        }
    }
}
