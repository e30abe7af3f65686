namespace DataPlatform.Training;

/// <summary>The feedback weighting formula of <see cref="FeedbackSection"/>: statistical weights × a clamped critic factor, plus a uniform floor.</summary>
public static class FeedbackWeights
{
    /// <summary>w_stat (by ordinal, any scale), critic scores (by ordinal) -> weights summing to 1.</summary>
    public static double[] Combine(IReadOnlyList<double> wStat, IReadOnlyList<double> scores, FeedbackSection options)
    {
        int n = wStat.Count;
        double meanScore = scores.Average();
        var combined = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double g = Math.Clamp(Math.Pow(scores[i] / meanScore, options.Strength), options.MinFactor, options.MaxFactor);
            combined[i] = wStat[i] * g;
            total += combined[i];
        }
        for (int i = 0; i < n; i++) combined[i] = (1 - options.Floor) * combined[i] / total + options.Floor / n;
        return combined;
    }
}
