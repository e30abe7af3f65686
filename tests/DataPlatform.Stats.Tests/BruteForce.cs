using DataPlatform.Core;

namespace DataPlatform.Stats.Tests;

/// <summary>The statistics of the views, counted in plain C# over the records the test wrote.</summary>
public static class BruteForce
{
    public sealed record Concept(string Name, long Frequency, long Rank, double Share, double CumulativeShare, string Class);

    public static List<Concept> Concepts(IReadOnlyList<SampleRecord> samples)
    {
        var freq = samples.SelectMany(s => s.Concepts.Distinct())
            .GroupBy(c => c, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Frequency: (long)g.Count()))
            .OrderByDescending(x => x.Frequency).ThenBy(x => x.Name, StringComparer.Ordinal)
            .ToList();
        var total = freq.Sum(x => x.Frequency);
        var result = new List<Concept>();
        long cumulative = 0;
        for (var i = 0; i < freq.Count; i++)
        {
            var before = (double)cumulative / total;
            cumulative += freq[i].Frequency;
            var cls = before < 0.5 ? "head" : before >= 0.9 ? "tail" : "torso";
            result.Add(new Concept(freq[i].Name, freq[i].Frequency, i + 1, (double)freq[i].Frequency / total, (double)cumulative / total, cls));
        }
        return result;
    }

    /// <summary>Gini by the mean absolute difference over all pairs: sum |x_i - x_j| / (2 n^2 mean).</summary>
    public static double Gini(IReadOnlyList<long> values)
    {
        double n = values.Count, mean = values.Average(v => (double)v), sum = 0;
        foreach (var a in values)
        {
            foreach (var b in values) sum += Math.Abs(a - b);
        }
        return sum / (2 * n * n * mean);
    }

    public static Dictionary<(int H, int W), long> Buckets(IReadOnlyList<SampleRecord> samples) =>
        samples.GroupBy(s => (s.BucketH, s.BucketW)).ToDictionary(g => g.Key, g => (long)g.Count());

    public static Dictionary<(string A, string B), long> Cooccurrence(IReadOnlyList<SampleRecord> samples)
    {
        var pairs = new Dictionary<(string, string), long>();
        foreach (var s in samples)
        {
            var tags = s.Concepts.Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
            for (var i = 0; i < tags.Count; i++)
            {
                for (var j = i + 1; j < tags.Count; j++)
                {
                    pairs[(tags[i], tags[j])] = pairs.GetValueOrDefault((tags[i], tags[j])) + 1;
                }
            }
        }
        return pairs;
    }

    /// <summary>Nearest-rank percentile as DuckDB's quantile_disc: the value at (1-based) rank ceil(q * n) of the sorted list.</summary>
    public static long QuantileDisc(IReadOnlyList<long> sorted, double q)
    {
        var n = sorted.Count;
        return sorted[Math.Max(1, n - (int)Math.Floor(n - q * n)) - 1];
    }
}
