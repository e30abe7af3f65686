using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Stats.Synthetic;

namespace DataPlatform.Stats.Tests;

public sealed class WeightsTests : IAsyncLifetime
{
    private readonly TestLake _lake = new();

    public Task InitializeAsync() =>
        _lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 1200, Concepts: 60, Rejects: 0, Seed: 5), "run-a");

    public Task DisposeAsync()
    {
        _lake.Dispose();
        return Task.CompletedTask;
    }

    private async Task<WeightsResult> ComputeAsync(WeightsOptions options)
    {
        using var session = await _lake.OpenAsync();
        return await WeightsSnapshot.ComputeAsync(session, _lake.Store, options, _lake.Clock);
    }

    private async Task<Dictionary<string, double>> StoredWeightsAsync()
    {
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        return session.Query("SELECT sample_id, weight FROM sample_weights").Rows
            .ToDictionary(r => (string)r[0]!, r => Convert.ToDouble(r[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Weights_match_the_documented_formula_computed_in_CSharp()
    {
        var options = new WeightsOptions(Alpha: 0.7, Cap: 40, Floor: 0.15, Version: "v1");
        await ComputeAsync(options);
        var stored = await StoredWeightsAsync();

        var expected = ExpectedWeights(_lake.Distinct(), options);
        Assert.Equal(expected.Count, stored.Count);
        foreach (var (id, weight) in expected) Assert.Equal(weight, stored[id], 12);
    }

    [Fact]
    public async Task Weights_sum_to_one_and_never_fall_below_the_floor()
    {
        var result = await ComputeAsync(new WeightsOptions(Alpha: 1, Floor: 0.2, Version: "v1"));
        var stored = await StoredWeightsAsync();

        var n = _lake.Distinct().Count;
        Assert.Equal(n, stored.Count);
        Assert.Equal(1.0, stored.Values.Sum(), 9);
        Assert.True(stored.Values.Min() >= 0.2 / n * (1 - 1e-12), $"min weight {stored.Values.Min()} below floor/n {0.2 / n}");
        Assert.Equal(1.0, result.Sum, 9);
    }

    [Fact]
    public async Task Rare_concepts_are_up_weighted_and_the_tail_share_grows()
    {
        var result = await ComputeAsync(new WeightsOptions(Alpha: 0.5, Floor: 0.1, Version: "v1"));
        var stored = await StoredWeightsAsync();

        var tail = result.Classes.Single(c => c.Class == "tail");
        var head = result.Classes.Single(c => c.Class == "head");
        Assert.True(tail.AfterShare > tail.BeforeShare, $"tail share {tail.BeforeShare} -> {tail.AfterShare} should grow");
        Assert.True(head.AfterShare < head.BeforeShare, $"head share {head.BeforeShare} -> {head.AfterShare} should shrink");
        Assert.Equal(1.0, result.Classes.Sum(c => c.AfterShare), 9);

        // A sample tagged only with the most frequent concept weighs less than one tagged only with a rare one.
        var samples = _lake.Distinct();
        var concepts = BruteForce.Concepts(samples);
        var top = concepts[0].Name;
        var rare = concepts.Last(c => samples.Any(s => s.Concepts.SequenceEqual([c.Name]))).Name;
        var topWeight = stored[samples.First(s => s.Concepts.SequenceEqual([top])).SampleId];
        var rareWeight = stored[samples.First(s => s.Concepts.SequenceEqual([rare])).SampleId];
        Assert.True(rareWeight > topWeight, $"{rare} weight {rareWeight} should exceed {top} weight {topWeight}");
    }

    [Fact]
    public async Task The_cap_limits_every_concept_to_at_most_cap_effective_samples()
    {
        using var lake = new TestLake();
        await lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 1000, Concepts: 40, MaxConceptsPerSample: 1, Rejects: 0, Seed: 3), "run-a");
        const long cap = 25;
        using (var session = await lake.OpenAsync())
        {
            await WeightsSnapshot.ComputeAsync(session, lake.Store, new WeightsOptions(Alpha: 0, Cap: cap, Floor: 0, Version: "capped"), lake.Clock);
        }

        using var read = await lake.OpenAsync(SessionKind.Interactive);
        // One tag per sample: with alpha 0 and no floor, a concept's expected draws per "epoch" of
        // sum(min(f, cap)) samples is min(f, cap): frequent concepts are cut to the cap, rare ones keep all.
        var rows = read.Query(
            "SELECT coalesce(c.concept, '(none)') AS tag, count(*) AS f, sum(w.weight) AS mass " +
            "FROM samples s JOIN sample_weights w USING (sample_id) LEFT JOIN sample_concepts c USING (sample_id) GROUP BY ALL").Rows;
        var capped = rows.Select(r => (F: Convert.ToInt64(r[1], CultureInfo.InvariantCulture), Mass: Convert.ToDouble(r[2], CultureInfo.InvariantCulture))).ToList();
        var epoch = capped.Sum(x => Math.Min(x.F, cap));
        Assert.Contains(capped, x => x.F > cap);
        Assert.Contains(capped, x => x.F < cap);
        foreach (var (f, mass) in capped)
        {
            Assert.Equal(Math.Min(f, cap), mass * epoch, 6);
        }
    }

    [Fact]
    public async Task A_version_is_an_immutable_snapshot_and_the_manifest_names_the_latest()
    {
        await ComputeAsync(new WeightsOptions(Alpha: 0.5, Version: "v1"));
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => ComputeAsync(new WeightsOptions(Alpha: 0.9, Version: "v1")));
        Assert.Contains("already exists", error.Message);

        await ComputeAsync(new WeightsOptions(Alpha: 0.9, Version: "v2"));
        Assert.NotNull(await _lake.Store.StatAsync(StatsLayout.Weights("v1")));
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        Assert.Equal("v2", session.Query("SELECT DISTINCT version FROM sample_weights").Rows.Single()[0]);
        Assert.Equal(0.9, session.Lake.Weights!.Alpha);
    }

    [Fact]
    public void Invalid_options_are_all_reported_at_once()
    {
        var v = new Validation();
        new WeightsOptions(Alpha: 2, Cap: 0, Floor: -0.5, Version: "../x").Validate(v);
        Assert.Equal(4, v.Errors.Count);
        Assert.Contains("weights.alpha must be in [0, 1], was 2", v.Errors);
        Assert.Contains(v.Errors, e => e.StartsWith("weights.version", StringComparison.Ordinal));
    }

    /// <summary>The formula of schemas/sql/compute/weights.sql, written out in C#.</summary>
    private static Dictionary<string, double> ExpectedWeights(IReadOnlyList<SampleRecord> samples, WeightsOptions o)
    {
        static IEnumerable<string> Tags(SampleRecord s) => s.Concepts.Count == 0 ? ["(none)"] : s.Concepts.Distinct();
        var f = samples.SelectMany(Tags).GroupBy(t => t).ToDictionary(g => g.Key, g => (double)g.Count());
        var stat = samples.ToDictionary(s => s.SampleId, s =>
        {
            var tags = Tags(s).ToList();
            var inv = tags.Average(t => Math.Pow(f[t], -o.Alpha));
            var keep = o.Cap is { } cap ? 1 - tags.Aggregate(1.0, (p, t) => p * (1 - Math.Min(1, cap / f[t]))) : 1;
            return inv * keep;
        });
        var sum = stat.Values.Sum();
        return stat.ToDictionary(kv => kv.Key, kv => (1 - o.Floor) * kv.Value / sum + o.Floor / samples.Count);
    }
}
