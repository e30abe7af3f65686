using DataPlatform.Core;
using DataPlatform.Curation;
using DataPlatform.Stats;
using DataPlatform.Testing;
using DataPlatform.Training;

namespace DataPlatform.Training.Tests;

public sealed class StartingWeightsTests
{
    [Fact]
    public async Task Statistical_weights_stay_the_dp_weights_snapshot_after_a_run_publishes_feedback_weights_as_current()
    {
        using var lake = await TrainingLakes.CreateAsync(samples: 12);
        var index = await SampleIndex.BuildAsync(lake.Store);
        await Assert.ThrowsAsync<InvalidInputException>(() => WeightsTables.LoadStartingAsync(lake.Store, index, "statistical", default));

        using (var session = await LakeSession.OpenAsync(lake.Store, LakeSessionOptions.Default, SessionKind.Report))
            await WeightsSnapshot.ComputeAsync(session, lake.Store, new WeightsOptions(Version: "stat-1"), lake.Time);
        var feedback = SamplingWeights.FromValues(Enumerable.Range(1, index.Samples.Count).Select(i => (double)i).ToList(), "run-step-00000002");
        await WeightsTables.PublishAsync(lake.Store, index, feedback, SamplingWeights.Uniform(index), floor: 0.1, publish: true, lake.Time, default);

        Assert.Equal("run-step-00000002", (await WeightsTables.LoadStartingAsync(lake.Store, index, "current", default)).Version);
        Assert.Equal("stat-1", (await WeightsTables.LoadStartingAsync(lake.Store, index, "statistical", default)).Version);
    }

    [Fact]
    public void A_weights_snapshot_cannot_take_a_manifest_name()
    {
        var v = new Validation();
        new WeightsOptions(Version: "statistical").Validate(v);
        Assert.Contains(v.Errors, e => e.Contains("'statistical'", StringComparison.Ordinal));
    }
}
