using System.Text.Json.Nodes;
using DataPlatform.Testing;
using DataPlatform.Training;

namespace DataPlatform.Training.Tests;

/// <summary>A real lake of small samples and run configs for the Tiny model.</summary>
internal static class TrainingLakes
{
    public static async Task<TempLake> CreateAsync(int samples = 40)
    {
        var lake = new TempLake();
        var factory = new SampleFactory(5);
        await using (var writer = lake.Writer("ingest"))
        {
            for (int i = 0; i < samples; i++) await writer.AppendAsync(factory.Sample("ingest", lake.Time.GetUtcNow()));
            await writer.CompleteAsync();
        }
        return lake;
    }

    /// <summary>A Tiny-model run on one thread (bitwise reproducible), uniform starting weights, refresh every 2 steps.</summary>
    public static JsonObject RunJson(string lake, string run, long steps, long checkpointEvery = 3) => new()
    {
        ["run"] = run,
        ["lake"] = lake,
        ["steps"] = steps,
        ["threads"] = 1,
        ["checkpoint_every"] = checkpointEvery,
        ["model"] = new JsonObject { ["preset"] = "tiny" },
        ["optimizer"] = new JsonObject { ["warmup_steps"] = 2 },
        ["stream"] = new JsonObject { ["batch_size"] = 4, ["weights"] = "uniform" },
        ["feedback"] = new JsonObject { ["refresh_every"] = 2, ["critic_batch"] = 4 },
    };

    public static TrainRunConfig Config(JsonObject json, string folder) => TrainRunConfig.FromJson(json, folder, "test");
}

/// <summary>Collects what a run reports; can cancel the run after a given step.</summary>
internal sealed class RecordingObserver(CancellationTokenSource? stopAfter = null, long stopAtStep = -1) : ITrainObserver
{
    public List<TrainLogRow> Rows { get; } = [];

    public List<string> Notes { get; } = [];

    public TrainStart? Start { get; private set; }

    public void Started(TrainStart start) => Start = start;

    public void Stepped(TrainLogRow row, long totalSteps)
    {
        Rows.Add(row);
        if (row.Step == stopAtStep) stopAfter?.Cancel();
    }

    public void Note(string message) => Notes.Add(message);
}
