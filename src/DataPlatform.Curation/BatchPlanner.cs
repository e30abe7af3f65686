namespace DataPlatform.Curation;

/// <summary>Which samples make up the batch of one step on this rank: all from one bucket.</summary>
public sealed record BatchPlan(long Step, IndexedBucket Bucket, int[] Ordinals, string WeightsVersion);

/// <summary>
/// Draws batches as a pure function of (seed, step, weights): pick a bucket with probability equal to its weight
/// mass, then batch x world-size samples within it by weight (with replacement), and keep this rank's slice.
/// Every rank draws the same bucket at a step, so a step of several processes shares one resolution. No state
/// but the step: a resumed stream continues the identical sequence. Building costs O(samples); a plan
/// costs O(batch · world · log samples).
/// </summary>
public sealed class BatchPlanner
{
    private readonly SampleIndex _index;
    private readonly double[] _bucketCumulative;
    private readonly double[][] _withinCumulative;

    public BatchPlanner(SampleIndex index, SamplingWeights weights, StreamOptions options)
    {
        if (weights.Values.Count != index.Samples.Count)
            throw new ArgumentException($"weights '{weights.Version}' have {weights.Values.Count} values for an index of {index.Samples.Count} samples");
        _index = index;
        Weights = weights;
        Options = options;
        _bucketCumulative = new double[index.Buckets.Count];
        _withinCumulative = new double[index.Buckets.Count][];
        double total = 0;
        for (int b = 0; b < index.Buckets.Count; b++)
        {
            var ordinals = index.Buckets[b].Ordinals;
            var cumulative = new double[ordinals.Length];
            double mass = 0;
            for (int i = 0; i < ordinals.Length; i++)
            {
                mass += weights.Values[ordinals[i]];
                cumulative[i] = mass;
            }
            _withinCumulative[b] = cumulative;
            total += mass;
            _bucketCumulative[b] = total;
        }
    }

    public SamplingWeights Weights { get; }

    public StreamOptions Options { get; }

    public BatchPlan Plan(long step)
    {
        var rng = SplitMix64.For(Options.Seed, step);
        int bucket = Draw(_bucketCumulative, rng.NextDouble());
        var cumulative = _withinCumulative[bucket];
        var ordinals = _index.Buckets[bucket].Ordinals;
        var mine = new int[Options.BatchSize];
        int first = Options.Rank * Options.BatchSize, end = first + Options.BatchSize;
        for (int j = 0; j < end; j++)
        {
            double u = rng.NextDouble();
            if (j < first) continue;
            mine[j - first] = ordinals[Draw(cumulative, u)];
        }
        return new BatchPlan(step, _index.Buckets[bucket], mine, Weights.Version);
    }

    /// <summary>The first position whose cumulative mass exceeds u · total (zero-weight entries are never chosen).</summary>
    private static int Draw(double[] cumulative, double u)
    {
        double target = u * cumulative[^1];
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
