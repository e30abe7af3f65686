using System.Text.Json;
using DataPlatform.Core;

namespace DataPlatform.Training;

/// <summary>
/// Local folders of a training run (a local lake keeps them at <c>&lt;lake&gt;/runs/&lt;run&gt;/</c>):
/// <list type="bullet">
/// <item><c>checkpoints/step-&lt;8 digits&gt;/</c>: one complete checkpoint (written to a temporary name, then renamed).</item>
/// <item><c>checkpoints/latest.json</c>: <c>{"step": N, "checkpoint": "step-…"}</c>, replaced atomically after each checkpoint.</item>
/// <item><c>run.json</c>: the resolved run config of the first start.</item>
/// <item><c>samples/</c>: generated sample grids; <c>eval/</c>: evaluation images and reports.</item>
/// </list>
/// </summary>
public sealed class RunLayout(string directory)
{
    public const string LatestFile = "latest.json";

    public string Directory { get; } = Path.GetFullPath(directory);

    public string Checkpoints => Path.Combine(Directory, "checkpoints");

    public string RunConfig => Path.Combine(Directory, "run.json");

    public string Samples => Path.Combine(Directory, "samples");

    public string Eval => Path.Combine(Directory, "eval");

    public string Checkpoint(long step) => Path.Combine(Checkpoints, $"step-{step:D8}");

    /// <summary>The folder of the newest complete checkpoint, or null when the run has none yet.</summary>
    public string? LatestCheckpoint()
    {
        var pointer = Path.Combine(Checkpoints, LatestFile);
        if (!File.Exists(pointer)) return null;
        LatestPointer? latest;
        try
        {
            latest = JsonSerializer.Deserialize<LatestPointer>(File.ReadAllText(pointer));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{pointer} is not a valid checkpoint pointer: {e.Message}");
        }
        if (latest?.Checkpoint is null) throw new InvalidInputException($"{pointer} names no checkpoint");
        var folder = Path.Combine(Checkpoints, latest.Checkpoint);
        if (!System.IO.Directory.Exists(folder)) throw new InvalidInputException($"{pointer} names {latest.Checkpoint}, which does not exist in {Checkpoints}");
        return folder;
    }

    /// <summary>Points latest.json at a complete checkpoint folder (temporary file + rename).</summary>
    public void SetLatest(long step, string checkpointFolder)
    {
        System.IO.Directory.CreateDirectory(Checkpoints);
        var pointer = Path.Combine(Checkpoints, LatestFile);
        var temp = pointer + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, new LatestPointer(step, Path.GetFileName(checkpointFolder)));
            stream.Flush(true);
        }
        File.Move(temp, pointer, overwrite: true);
    }

    private sealed record LatestPointer(
        [property: System.Text.Json.Serialization.JsonPropertyName("step")] long Step,
        [property: System.Text.Json.Serialization.JsonPropertyName("checkpoint")] string Checkpoint);
}
