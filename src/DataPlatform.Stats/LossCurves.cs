using System.Globalization;
using DataPlatform.Core;
using ScottPlot;

namespace DataPlatform.Stats;

/// <summary>One run's train_log losses, each a moving average over the last <c>window</c> logged steps.</summary>
public sealed record LossCurve(string Run, long[] Steps, double[] Flow, double[] Pred);

/// <summary>
/// Loss curves of training runs from the lake's <c>train_log</c>, and their plot (<c>dp eval losses</c>; saved at the
/// report plots' size, <see cref="ReportPlots.Width"/> x <see cref="ReportPlots.Height"/>). A step
/// logged twice (a run resumed before its last checkpoint was written) counts once, with its latest row.
/// </summary>
public static class LossCurves
{
    /// <summary>The runs' curves in the order asked; an unknown run fails naming the runs the lake has.</summary>
    public static IReadOnlyList<LossCurve> Load(LakeSession session, IReadOnlyList<string> runs, int window)
    {
        var v = new Validation();
        if (runs.Count == 0) v.Add("name at least one run");
        v.AtLeast("window", window, 1).ThrowIfInvalid();
        var known = session.Query("SELECT DISTINCT train_run FROM train_log ORDER BY train_run").Rows.Select(r => (string)r[0]!).ToList();
        var missing = runs.Where(r => !known.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException($"lake {session.Lake.Root}: no train_log rows for run(s) {string.Join(", ", missing)}; " +
                $"runs with a train_log: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
        }

        string preceding = (window - 1).ToString(CultureInfo.InvariantCulture);
        var rows = session.Query($"""
            WITH steps AS (
                SELECT train_run, step, loss_flow, loss_pred FROM train_log
                WHERE train_run IN ({string.Join(", ", runs.Select(LakeColumns.Literal))})
                QUALIFY row_number() OVER (PARTITION BY train_run, step ORDER BY logged_at DESC) = 1)
            SELECT train_run, step, avg(loss_flow) OVER w, avg(loss_pred) OVER w FROM steps
            WINDOW w AS (PARTITION BY train_run ORDER BY step ROWS BETWEEN {preceding} PRECEDING AND CURRENT ROW)
            ORDER BY train_run, step
            """).Rows;
        return runs.Select(run =>
        {
            var own = rows.Where(r => (string)r[0]! == run).ToList();
            return new LossCurve(run, own.Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)).ToArray(),
                own.Select(r => Convert.ToDouble(r[2], CultureInfo.InvariantCulture)).ToArray(),
                own.Select(r => Convert.ToDouble(r[3], CultureInfo.InvariantCulture)).ToArray());
        }).ToList();
    }

    /// <summary>Flow loss (solid) and prediction loss (dashed) against step, one colour per run, on a log axis.</summary>
    public static Plot Plot(IReadOnlyList<LossCurve> curves, int window)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var colour = palette.GetColor(i);
            var xs = curve.Steps.Select(s => (double)s).ToArray();
            AddLine(plot, xs, curve.Flow, colour, LinePattern.Solid, $"{curve.Run}: flow");
            AddLine(plot, xs, curve.Pred, colour, LinePattern.Dashed, $"{curve.Run}: pred");
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Title(window == 1 ? "Training losses" : $"Training losses (mean of the last {window} steps)");
        plot.XLabel("step");
        plot.YLabel("loss (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Positive values only: a log axis cannot show zero (a loss of exactly 0 is left out of the line).</summary>
    private static void AddLine(Plot plot, double[] steps, double[] values, Color colour, LinePattern pattern, string legend)
    {
        var kept = Enumerable.Range(0, values.Length).Where(i => values[i] > 0 && double.IsFinite(values[i])).ToArray();
        var line = plot.Add.ScatterLine(kept.Select(i => steps[i]).ToArray(), kept.Select(i => Math.Log10(values[i])).ToArray(), colour);
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.LegendText = legend;
    }
}
