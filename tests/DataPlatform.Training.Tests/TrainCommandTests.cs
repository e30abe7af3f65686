using DataPlatform.Testing;

namespace DataPlatform.Training.Tests;

[Collection("torch")]
public sealed class TrainCommandTests
{
    [Fact]
    public async Task Sigterm_stops_dp_train_with_a_final_checkpoint_and_exit_130_and_a_rerun_resumes_to_the_end()
    {
        using var lake = await TrainingLakes.CreateAsync();
        var json = TrainingLakes.RunJson(lake.Path, "term", steps: 2000, checkpointEvery: 2000);
        var config = Path.Combine(lake.Path, "term.json");
        File.WriteAllText(config, json.ToJsonString());

        using (var node = DpNode.Start(["train", "--config", config]))
        {
            await node.WaitForOutputAsync("step 100/2000", TimeSpan.FromSeconds(120));  // a line per 5% of the run
            node.Terminate();
            Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(60)), node.Output);
            Assert.Equal(130, node.ExitCode);
            Assert.Contains("stopped at step", node.Output);
        }
        var layout = TrainingLakes.Config(json, lake.Path).Layout;
        var checkpoint = layout.LatestCheckpoint();
        Assert.NotNull(checkpoint);
        long step = TrainerCheckpoint.ReadStep(checkpoint!);
        Assert.True(step >= 100 && step < 2000, $"checkpoint at step {step}");

        var rerun = await DpCommand.RunAsync(["train", "--config", config, "--steps", (step + 3).ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(120));
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Contains($"resumed from {checkpoint}", rerun.Output);
        Assert.Equal(step + 3, TrainerCheckpoint.ReadStep(layout.LatestCheckpoint()!));
    }
}
