using System.Text.RegularExpressions;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Rendering;

namespace DataPlatform.ShapeWorld.Scoring;

/// <summary>
/// Scores a folder of generated images against a prompt set. An image belongs to the prompt whose id
/// is its file name's stem, optionally followed by "_N" for the N-th sample: "colors-007.png",
/// "colors-007_3.png". Images whose stem names no prompt are an error (listed), so a typo cannot
/// silently shrink the evaluation.
/// </summary>
public sealed partial class ShapeScorer(PromptSet prompts, SceneChecker checker)
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    public ScoreReport ScoreFolder(string directory, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        if (!Directory.Exists(directory)) throw new InvalidInputException($"image folder {directory} does not exist");
        var files = Directory.EnumerateFiles(directory)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidInputException($"image folder {directory} holds no images ({string.Join(", ", Extensions)})");
        var unknown = files.Where(f => PromptOf(f) is null).Select(Path.GetFileName).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException(
                $"{unknown.Count} image(s) in {directory} name no prompt of {prompts.Name} (expected '<prompt id>[_N].png'): " +
                string.Join(", ", unknown.Take(5)) + (unknown.Count > 5 ? ", ..." : ""));
        }
        var results = new ImageResult[files.Count];
        var done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            results[i] = ScoreImage(files[i], PromptOf(files[i])!, PngCodec.Decode(files[i]));
            progress?.Report(Interlocked.Increment(ref done));
        });
        return ScoreReport.From(prompts.Name, results);
    }

    public ImageResult ScoreImage(string filename, PromptSpec prompt, RgbImage image)
    {
        var found = checker.Detect(image);
        var verdict = PromptJudge.Judge(prompt, found, image.Width, image.Height);
        return new ImageResult(Path.GetFileName(filename), prompt.Id, prompt.Tag, prompt.Split, prompt.Prompt,
            verdict.Correct, verdict.Reason, found.Select(o => o.ToString()).ToList());
    }

    private PromptSpec? PromptOf(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        return prompts.Find(stem) ?? prompts.Find(SampleSuffix().Replace(stem, ""));
    }

    [GeneratedRegex("_[0-9]+$")]
    private static partial Regex SampleSuffix();
}
