using DataPlatform.Curation;
using DataPlatform.Testing;

namespace DataPlatform.Curation.Tests;

public sealed class BatchPlannerTests
{
    [Fact]
    public async Task Empirical_frequencies_match_the_weights_within_a_tolerance_from_the_sample_size()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "freq", 20, (32, 32), (32, 64));
        // weights 1..40 by ordinal: the heaviest sample is 40x as likely as the lightest, and the two buckets differ in mass
        var weights = SamplingWeights.FromValues(index.Samples.Select(s => (double)(s.Ordinal + 1)).ToList(), "ramp");
        var planner = new BatchPlanner(index, weights, new StreamOptions(BatchSize: 50, Seed: 7));

        const int steps = 4000;
        var counts = new long[index.Samples.Count];
        for (long step = 0; step < steps; step++)
            foreach (var o in planner.Plan(step).Ordinals) counts[o]++;

        // bucket choice and within-bucket draws compose to P(sample) = weight; each count is binomial(draws, p)
        // except that 50 draws share a bucket, which inflates the variance by about the batch size: allow
        // 5 standard deviations of that inflated variance, per sample.
        long draws = steps * 50L;
        for (int i = 0; i < counts.Length; i++)
        {
            double p = weights.Values[i], expected = draws * p;
            double sigma = Math.Sqrt(draws * p * (1 - p) * 50);
            Assert.True(Math.Abs(counts[i] - expected) <= 5 * sigma,
                $"sample {i}: drawn {counts[i]} times, expected {expected:0} ± {5 * sigma:0}");
        }
        // and a direction check that a uniform sampler would fail: the heaviest 10 beat the lightest 10 by far
        Assert.True(counts.TakeLast(10).Sum() > 3 * counts.Take(10).Sum());
    }

    [Fact]
    public async Task Every_batch_comes_from_one_bucket_and_zero_weight_samples_are_never_drawn()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "buckets", 10, (32, 32), (64, 32));
        var values = index.Samples.Select(s => s.Ordinal % 2 == 0 ? 1.0 : 0.0).ToList();
        var planner = new BatchPlanner(index, SamplingWeights.FromValues(values, "even"), new StreamOptions(BatchSize: 16));
        for (long step = 0; step < 200; step++)
        {
            var plan = planner.Plan(step);
            Assert.All(plan.Ordinals, o =>
            {
                var s = index.Samples[o];
                Assert.Equal((plan.Bucket.Height, plan.Bucket.Width), (s.BucketH, s.BucketW));
                Assert.Equal(0, o % 2);
            });
        }
    }

    [Fact]
    public async Task The_same_seed_draws_the_same_batches_and_another_seed_does_not()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "seed", 30, (32, 32));
        var weights = SamplingWeights.Uniform(index);
        int[] Draw(long seed) => Enumerable.Range(0, 20)
            .SelectMany(s => new BatchPlanner(index, weights, new StreamOptions(BatchSize: 8, Seed: seed)).Plan(s).Ordinals).ToArray();
        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));
    }

    [Fact]
    public async Task Ranks_draw_disjoint_slices_of_one_global_batch_from_the_same_bucket()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "ranks", 12, (32, 32), (32, 64));
        var weights = SamplingWeights.Uniform(index);
        var world = new BatchPlanner(index, weights, new StreamOptions(BatchSize: 8, Seed: 5, Rank: 0, WorldSize: 1));
        var whole = new BatchPlanner(index, weights, new StreamOptions(BatchSize: 4, Seed: 5, Rank: 0, WorldSize: 2));
        var second = new BatchPlanner(index, weights, new StreamOptions(BatchSize: 4, Seed: 5, Rank: 1, WorldSize: 2));
        for (long step = 0; step < 50; step++)
        {
            var a = whole.Plan(step);
            var b = second.Plan(step);
            Assert.Equal(a.Bucket, b.Bucket);
            // together the two ranks draw exactly what one process with the global batch draws
            Assert.Equal(world.Plan(step).Ordinals, a.Ordinals.Concat(b.Ordinals).ToArray());
        }
    }

    [Fact]
    public async Task Weights_from_a_table_give_unnamed_samples_the_mean_and_refuse_negative_values()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "table", 4, (32, 32));
        var table = new Dictionary<string, double> { [index.Samples[0].SampleId] = 3.0, [index.Samples[1].SampleId] = 1.0 };
        var weights = SamplingWeights.FromTable(index, table, "partial");
        Assert.Equal(2, weights.Imputed);
        Assert.Equal([3.0 / 8, 1.0 / 8, 2.0 / 8, 2.0 / 8], weights.Values.ToArray(), new Tolerance(1e-12));
        table[index.Samples[2].SampleId] = -1;
        var error = Assert.Throws<Core.InvalidInputException>(() => SamplingWeights.FromTable(index, table, "bad"));
        Assert.Contains(index.Samples[2].SampleId, error.Message);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
