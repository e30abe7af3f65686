using System.Globalization;
using System.Text;

namespace DataPlatform.Stats;

/// <summary>
/// Writes a <see cref="LongTailReport"/> to a folder: <c>report.md</c> (Markdown),
/// <c>concepts.csv</c> (every concept), and the plots of <see cref="ReportPlots"/>.
/// </summary>
public static class ReportWriter
{
    public const int TopConcepts = 30;
    public const int RarestConcepts = 20;

    public static IReadOnlyList<string> Write(LongTailReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var markdown = Path.Combine(folder, "report.md");
        File.WriteAllText(markdown, Markdown(report));
        files.Add(markdown);

        var csv = Path.Combine(folder, "concepts.csv");
        var lines = new StringBuilder("concept,frequency,rank,share,sample_share,cumulative_share,class\n");
        foreach (var c in report.Concepts)
        {
            lines.Append(CultureInfo.InvariantCulture,
                $"{Csv(c.Concept)},{c.Frequency},{c.Rank},{c.Share:R},{c.SampleShare:R},{c.CumulativeShare:R},{c.Class}\n");
        }
        File.WriteAllText(csv, lines.ToString());
        files.Add(csv);

        files.AddRange(ReportPlots.Write(report, folder));
        return files;
    }

    public static string Markdown(LongTailReport r)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string P(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

        Line($"# Long-tail report: {r.Lake}");
        Line();
        Line($"- samples: {r.Samples} (distinct by sample id, from {r.CommittedSampleShards} committed shards holding {r.ShardRows} rows; {r.DuplicateRows} duplicate rows resolved, first commit wins)");
        Line($"- rejects: {r.Rejects}");
        Line($"- concepts: {r.Summary.Concepts} distinct, {r.Summary.Occurrences} tag occurrences");
        Line($"- Gini coefficient of concept frequencies: {(r.Summary.Gini is { } g ? g.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a")}");
        Line($"- classes (by mass ranked before a concept: head < 50%, tail >= 90%): head {r.Summary.HeadConcepts} concepts / {P(r.Summary.HeadShare)}, torso {r.Summary.TorsoConcepts} / {P(r.Summary.TorsoShare)}, tail {r.Summary.TailConcepts} / {P(r.Summary.TailShare)}");
        Line();
        Line("## Rejects by reason");
        Line();
        Line("| reason | count |");
        Line("|---|---:|");
        foreach (var x in r.RejectsByReason) Line($"| {x.Reason} | {x.Count} |");
        Line();
        Line("## Resolution buckets");
        Line();
        Line("![buckets](buckets.png)");
        Line();
        Line("| bucket (h x w) | samples | share |");
        Line("|---|---:|---:|");
        foreach (var b in r.Buckets) Line($"| {b.BucketH}x{b.BucketW} | {b.Samples} | {P(b.Share)} |");
        Line();
        Line("## Concept frequency");
        Line();
        Line("![rank-frequency](rank_frequency.png)");
        Line();
        Line($"Top {TopConcepts} (all {r.Concepts.Count} in concepts.csv):");
        Line();
        ConceptTable(r.Concepts.Take(TopConcepts));
        Line();
        Line($"## Rarest {RarestConcepts} concepts");
        Line();
        ConceptTable(r.Rarest(RarestConcepts));
        Line();
        Line("## Caption length (characters)");
        Line();
        var c = r.Captions;
        Line("| min | p10 | p50 | p90 | p99 | max | mean |");
        Line("|---:|---:|---:|---:|---:|---:|---:|");
        Line(string.Create(CultureInfo.InvariantCulture, $"| {c.Min} | {c.P10} | {c.P50} | {c.P90} | {c.P99} | {c.Max} | {c.Mean:0.0} |"));
        return md.ToString();

        void ConceptTable(IEnumerable<ConceptRow> rows)
        {
            Line("| rank | concept | frequency | share | cumulative | class |");
            Line("|---:|---|---:|---:|---:|---|");
            foreach (var x in rows) Line($"| {x.Rank} | {x.Concept} | {x.Frequency} | {P(x.Share)} | {P(x.CumulativeShare)} | {x.Class} |");
        }
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
