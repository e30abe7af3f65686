using ScottPlot;

namespace DataPlatform.Stats;

/// <summary>
/// The report's plots, drawn with ScottPlot: <c>rank_frequency.png</c> (concept rank vs frequency on
/// log-log axes, coloured by head / torso / tail) and <c>buckets.png</c> (samples per bucket).
/// </summary>
public static class ReportPlots
{
    public const int Width = 900;
    public const int Height = 560;

    public static IReadOnlyList<string> Write(LongTailReport report, string folder)
    {
        var rankFrequency = Path.Combine(folder, "rank_frequency.png");
        RankFrequency(report.Concepts).SavePng(rankFrequency, Width, Height);
        var buckets = Path.Combine(folder, "buckets.png");
        Buckets(report.Buckets).SavePng(buckets, Width, Height);
        return [rankFrequency, buckets];
    }

    /// <summary>log10(rank) against log10(frequency), one scatter series per class, with log tick labels.</summary>
    public static Plot RankFrequency(IReadOnlyList<ConceptRow> concepts)
    {
        var plot = new Plot();
        (string Class, Color Colour)[] classes = [("head", Colors.SteelBlue), ("torso", Colors.DarkOrange), ("tail", Colors.Crimson)];
        foreach (var (name, colour) in classes)
        {
            var rows = concepts.Where(c => c.Class == name).ToList();
            if (rows.Count == 0) continue;
            var scatter = plot.Add.ScatterPoints(
                rows.Select(c => Math.Log10(c.Rank)).ToArray(),
                rows.Select(c => Math.Log10(c.Frequency)).ToArray(),
                colour);
            scatter.LegendText = $"{name} ({rows.Count})";
            scatter.MarkerSize = 5;
        }
        var minor = new ScottPlot.TickGenerators.LogMinorTickGenerator();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = minor, IntegerTicksOnly = true, LabelFormatter = y => $"{Math.Pow(10, y):N0}",
        };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = minor, IntegerTicksOnly = true, LabelFormatter = y => $"{Math.Pow(10, y):N0}",
        };
        plot.Title("Concept rank vs frequency (log-log)");
        plot.XLabel("rank");
        plot.YLabel("samples with the concept");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    public static Plot Buckets(IReadOnlyList<BucketCount> buckets)
    {
        var plot = new Plot();
        var ordered = buckets.OrderBy(b => (double)b.BucketW / b.BucketH).ThenBy(b => b.BucketH * b.BucketW).ToList();
        var bars = ordered.Select((b, i) => new Bar { Position = i, Value = b.Samples, FillColor = Colors.SteelBlue }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, ordered.Count).Select(i => (double)i).ToArray(),
            ordered.Select(b => $"{b.BucketH}x{b.BucketW}").ToArray());
        if (ordered.Count > 12)
        {
            // Many buckets: vertical labels, with room below the axis for them.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 80;
        }
        plot.Axes.Margins(bottom: 0);
        plot.Title("Samples per resolution bucket (h x w, by aspect ratio)");
        plot.YLabel("samples");
        return plot;
    }
}
