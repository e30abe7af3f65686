using DataPlatform.Core;

namespace DataPlatform.Training.Generation;

/// <summary>
/// What <c>--run R</c> names: R itself when it is an existing folder (a run folder or a checkpoint folder), otherwise
/// the run <c>&lt;lake&gt;/runs/&lt;R&gt;</c> of a local lake.
/// </summary>
public static class RunReference
{
    public const string RunsFolder = "runs";

    /// <summary>The folder R names; fails naming both places looked at when neither exists.</summary>
    public static string Resolve(string run, string lake)
    {
        if (string.IsNullOrWhiteSpace(run)) throw new InvalidInputException("run must name a run or checkpoint folder, was empty");
        if (Directory.Exists(run)) return Path.GetFullPath(run);
        var inLake = Path.GetFullPath(Path.Combine(lake, RunsFolder, run));
        if (Directory.Exists(inLake)) return inLake;
        throw new InvalidInputException($"run '{run}' not found: {Path.GetFullPath(run)} is not a folder and the lake has no {inLake}");
    }

    /// <summary>
    /// The run folder a checkpoint belongs to (<c>&lt;run&gt;/checkpoints/step-N</c> -> <c>&lt;run&gt;</c>); a checkpoint
    /// outside a run layout: its parent folder, so outputs land beside the checkpoint, never inside it.
    /// </summary>
    public static string RunOf(string checkpoint)
    {
        var full = Path.GetFullPath(checkpoint).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        return Path.GetFileName(parent) == "checkpoints" ? Path.GetDirectoryName(parent)! : parent;
    }
}
