using DataPlatform.Core;
using DataPlatform.Stats;
using DataPlatform.Testing;

namespace DataPlatform.Training.Tests;

[Collection("torch")]
public sealed class LossCurvesTests
{
    [Fact]
    public async Task Curves_are_moving_averages_per_run_in_the_order_asked_with_a_relogged_step_counted_once()
    {
        using var lake = await TrainingLakes.CreateAsync(4);
        var start = lake.Time.GetUtcNow();
        // run a: steps 0-4 logged, then resumed from step 3 (steps 3-5 logged again, later, with other losses)
        await LogAsync(lake, "a", start, (0, 1), (1, 2), (2, 3));
        await LogAsync(lake, "a", start, (3, 100), (4, 100));
        await LogAsync(lake, "a", start.AddMinutes(5), (3, 4), (4, 5), (5, 6));
        await LogAsync(lake, "b", start, (0, 8), (1, 4));

        using var session = await LakeSession.OpenAsync(lake.Store, LakeSessionOptions.Default, SessionKind.Interactive);
        var curves = LossCurves.Load(session, ["b", "a"], window: 2);

        Assert.Equal(["b", "a"], curves.Select(c => c.Run));
        Assert.Equal([0L, 1], curves[0].Steps);
        Assert.Equal([8.0, 6.0], curves[0].Flow);
        Assert.Equal([0L, 1, 2, 3, 4, 5], curves[1].Steps);
        Assert.Equal([1.0, 1.5, 2.5, 3.5, 4.5, 5.5], curves[1].Flow);
        Assert.Equal([0.1, 0.15, 0.25, 0.35, 0.45, 0.55], curves[1].Pred.Select(p => Math.Round(p, 10)));

        var png = Path.Combine(lake.Path, "losses.png");
        LossCurves.Plot(curves, 2).SavePng(png, ReportPlots.Width, ReportPlots.Height);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public async Task An_unknown_run_fails_naming_it_and_the_runs_the_lake_has()
    {
        using var lake = await TrainingLakes.CreateAsync(4);
        await LogAsync(lake, "a", lake.Time.GetUtcNow(), (0, 1));
        using var session = await LakeSession.OpenAsync(lake.Store, LakeSessionOptions.Default, SessionKind.Interactive);

        var error = Assert.Throws<InvalidInputException>(() => LossCurves.Load(session, ["a", "nope"], window: 10));
        Assert.Contains("run(s) nope", error.Message);
        Assert.Contains("runs with a train_log: a", error.Message);
        Assert.Throws<ConfigException>(() => LossCurves.Load(session, ["a"], window: 0));
    }

    /// <summary>One flush of train_log rows (flow loss as given, pred a tenth of it), logged at <paramref name="at"/>.</summary>
    private static async Task LogAsync(TempLake lake, string run, DateTimeOffset at, params (long Step, double Flow)[] steps)
    {
        var tables = new RunTables(lake.Store, run);
        foreach (var (step, flow) in steps)
            tables.AddStep(new TrainLogRow(step, flow, flow / 10, 1e-3, 1, 0, 0.5, at), [], [], [], []);
        await tables.FlushAsync(default);
    }
}
