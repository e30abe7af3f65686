using DataPlatform.Lake;
using DataPlatform.Stats;
using DataPlatform.Testing;

namespace DataPlatform.Training.Tests;

[Collection("torch")]
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_runs_every_stage_from_synthesis_to_evaluation_and_a_rerun_adds_nothing()
    {
        using var dir = new TempDirectory("dp-quickstart");
        string[] args = ["quickstart", "--out", dir.Path, "--count", "200", "--steps", "2"];
        var first = await DpCommand.RunAsync(args, TimeSpan.FromMinutes(5));
        Assert.True(first.ExitCode == 0, first.Output);
        foreach (var stage in new[] { "1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7", "colour binding:", "Done." })
            Assert.Contains(stage, first.Output);

        var run = Path.Combine(dir.Path, "lake", "runs", "quickstart");
        Assert.True(File.Exists(Path.Combine(run, "samples", "grid-step-00000002.png")));
        Assert.True(File.Exists(Path.Combine(run, "eval", "shapes-step-2", "report.json")));
        Assert.Equal(220, Directory.GetFiles(Path.Combine(run, "eval", "shapes-step-2"), "*.png").Length);
        using (var session = await LakeSession.OpenAsync(new LocalObjectStore(Path.Combine(dir.Path, "lake")), LakeSessionOptions.Default, SessionKind.Report))
        {
            Assert.Equal(2L, session.Scalar<long>("SELECT count(*) FROM train_log WHERE train_run = 'quickstart'"));
            Assert.Equal(200L, session.Scalar<long>("SELECT count(*) FROM samples"));
        }

        // the same command again: nothing new is ingested and the finished run is not trained again
        var second = await DpCommand.RunAsync(args, TimeSpan.FromMinutes(5));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("resumed from", second.Output);
        Assert.Contains("done: 2 steps", second.Output);
        using (var session = await LakeSession.OpenAsync(new LocalObjectStore(Path.Combine(dir.Path, "lake")), LakeSessionOptions.Default, SessionKind.Report))
            Assert.Equal(200L, session.Scalar<long>("SELECT count(*) FROM samples"));
    }
}
