using DataPlatform.Curation;
using DataPlatform.Testing;
using DataPlatform.Training;

namespace DataPlatform.Training.Tests;

[Collection("torch")]
public sealed class FeedbackTests
{
    [Fact]
    public void Weights_grow_with_the_critic_score_within_the_clamp_and_keep_the_floor()
    {
        var options = new FeedbackSection { Strength = 1, MinFactor = 0.5, MaxFactor = 2, Floor = 0.2 };
        double[] wStat = [1, 1, 1, 1];
        double[] scores = [0.1, 1, 2, 10];  // mean 3.275: factors clamp to 0.5, 0.5 (0.305), 0.61, 2 (3.05)
        var w = FeedbackWeights.Combine(wStat, scores, options);
        Assert.Equal(1.0, w.Sum(), 12);
        Assert.True(w[3] > w[2] && w[2] > w[1]);
        Assert.Equal(w[0], w[1], 12);  // both at the lower clamp
        Assert.All(w, x => Assert.True(x >= 0.2 / 4));
        var none = FeedbackWeights.Combine(wStat, scores, options with { Strength = 0 });
        Assert.All(none, x => Assert.Equal(0.25, x, 12));
    }

    [Fact]
    public async Task The_critic_learns_which_concepts_are_hard_and_scores_unseen_samples_of_them_higher()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory(9);
        await using (var writer = lake.Writer("c"))
        {
            for (int i = 0; i < 80; i++)
            {
                var colour = i % 2 == 0 ? "red" : "blue";
                await writer.AppendAsync(factory.Sample("c", lake.Time.GetUtcNow(), caption: $"a {colour} circle number {i}", concepts: [colour, "circle"]));
            }
            await writer.CompleteAsync();
        }
        var index = await SampleIndex.BuildAsync(lake.Store);
        var critic = new CriticTrainer(index, new FeedbackSection { CriticEpochs = 30, CriticBatch = 16 }, seed: 1);
        // red samples lose twice as much as blue ones; only the first 60 samples are ever observed
        for (int step = 0; step < 15; step++)
        {
            var ordinals = Enumerable.Range(step * 4 % 60, 4).ToList();
            var flow = ordinals.Select(o => index.Samples[o].Concepts.Contains("red") ? 2f : 1f).ToList();
            critic.Observe(ordinals, flow, flow);
        }
        critic.Train(step: 15);
        var scores = critic.ScoreAll();
        var unseen = index.Samples.Skip(60).ToList();
        double red = unseen.Where(s => s.Concepts.Contains("red")).Average(s => scores[s.Ordinal]);
        double blue = unseen.Where(s => s.Concepts.Contains("blue")).Average(s => scores[s.Ordinal]);
        Assert.True(red > 1.2 * blue, $"critic scores unseen red {red:0.000}, blue {blue:0.000}");
    }
}
