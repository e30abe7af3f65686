using System.Text.RegularExpressions;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Training.Generation;

namespace DataPlatform.Training.Evaluation;

/// <summary>
/// ShapeWorld GenEval-style evaluation of a model: K images per prompt written as <c>&lt;prompt id&gt;_&lt;k&gt;.png</c>
/// into an output folder, each judged by <see cref="ShapeScorer"/>, and the <see cref="ScoreReport"/> written beside them
/// as report.json. Images of the same prompt set left in the folder by an earlier evaluation are removed first, so that
/// <c>dp shapes score</c> on the folder reproduces the report.
/// </summary>
public sealed partial class ShapesEvaluation(ImageGenerator generator, PromptSet prompts, SceneChecker checker)
{
    public const string ReportFile = "report.json";

    public ShapesEvaluation(ImageGenerator generator) : this(generator, PromptSet.V1(), new SceneChecker())
    {
    }

    /// <summary>The default output folder: <c>&lt;run&gt;/eval/shapes-step-&lt;step&gt;</c>.</summary>
    public static string DefaultFolder(TrainedModel model) =>
        Path.Combine(new RunLayout(RunReference.RunOf(model.Checkpoint)).Eval, $"shapes-step-{model.Step}");

    /// <summary>Images the evaluation will generate (for a progress bar's maximum).</summary>
    public int ImageCount(ShapesEvaluationOptions options) => options.Validate().Select(prompts).Count * options.SamplesPerPrompt;

    /// <summary>Generates, writes and scores; <paramref name="progress"/> gets the number of images generated so far.</summary>
    public ScoreReport Run(string outputFolder, ShapesEvaluationOptions options, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        var selected = options.Select(prompts);
        int k = options.SamplesPerPrompt;
        var captions = selected.SelectMany(p => Enumerable.Repeat(p.Prompt, k)).ToList();  // prompt-major: p0 s0..s(K-1), p1 s0, ...
        var images = generator.Generate(captions, options.Generation, progress, cancel);

        var folder = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(folder);
        RemoveEarlierImages(folder);
        var results = new ImageResult[images.Count];
        var scorer = new ShapeScorer(prompts, checker);
        Parallel.For(0, images.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var prompt = selected[i / k];
            var file = Path.Combine(folder, $"{prompt.Id}_{i % k}.png");
            ImageFiles.WritePng(file, images[i]);
            results[i] = scorer.ScoreImage(file, prompt, images[i]);
        });
        var report = ScoreReport.From(prompts.Name, results);
        File.WriteAllText(Path.Combine(folder, ReportFile), report.ToJson());
        return report;
    }

    /// <summary>Deletes image files whose names the scorer would attribute to a prompt of this set.</summary>
    private void RemoveEarlierImages(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.png"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            if (prompts.Find(stem) is not null || prompts.Find(SampleSuffix().Replace(stem, "")) is not null) File.Delete(file);
        }
    }

    [GeneratedRegex("_[0-9]+$")]
    private static partial Regex SampleSuffix();
}
