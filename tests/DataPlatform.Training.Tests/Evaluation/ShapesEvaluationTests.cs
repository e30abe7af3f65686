using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Testing;
using DataPlatform.Training.Evaluation;
using DataPlatform.Training.Generation;
using DataPlatform.Training.Tests.Generation;

namespace DataPlatform.Training.Tests.Evaluation;

[Collection(TinyRunCollection.Name)]
public class ShapesEvaluationTests(TinyRunFixture run)
{
    private static readonly ShapesEvaluationOptions Small = new()
    {
        Limit = 7,
        SamplesPerPrompt = 2,
        Generation = new ImageGenerationOptions { Steps = 3, OdeSteps = 3, BatchSize = 8 },
    };

    [Fact]
    public void Evaluation_writes_one_png_per_prompt_and_sample_and_a_report_whose_totals_match()
    {
        using var dir = new TempDirectory();
        var folder = dir.Combine("eval");
        var progress = new List<int>();

        var report = new ShapesEvaluation(new ImageGenerator(run.Trained)).Run(folder, Small, new InlineProgress(progress.Add));

        var pngs = Directory.GetFiles(folder, "*.png").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(14, pngs.Count);
        Assert.Contains("single_object-000_0.png", pngs);
        Assert.Contains("single_object-000_1.png", pngs);
        Assert.Equal((14, 7), (report.TotalImages, report.TotalPrompts));
        Assert.Equal(PromptTags.All, report.Tasks.Keys);  // a limit of 7 still covers all six tasks
        Assert.Equal(14, report.Tasks.Values.Sum(t => t.Total));
        Assert.Equal([8, 14], progress);
        var side = run.Config.BaseGridSide * run.Config.PixelsPerToken;
        Assert.All(pngs, f => Assert.Equal((side, side), Size(PngCodec.Decode(Path.Combine(folder, f!)))));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ShapesEvaluation.ReportFile)));
        Assert.Equal(14, json.RootElement.GetProperty("total_images").GetInt32());
        Assert.Equal(report.Overall, json.RootElement.GetProperty("overall").GetDouble());
    }

    [Fact]
    public void Scoring_the_written_folder_again_reproduces_the_report_even_after_a_larger_earlier_evaluation()
    {
        using var dir = new TempDirectory();
        var folder = dir.Combine("eval");
        var evaluation = new ShapesEvaluation(new ImageGenerator(run.Trained));
        evaluation.Run(folder, Small with { Limit = 9 });  // leaves images of prompts the next run does not generate

        var report = evaluation.Run(folder, Small with { SamplesPerPrompt = 1 });
        var rescored = new ShapeScorer(PromptSet.V1(), new SceneChecker()).ScoreFolder(folder);

        Assert.Equal(7, Directory.GetFiles(folder, "*.png").Length);
        Assert.Equal(report.TotalImages, rescored.TotalImages);
        static IEnumerable<string> Verdicts(ScoreReport r) =>
            r.Images.OrderBy(i => i.Filename, StringComparer.Ordinal).Select(i => $"{i.Filename} {i.Correct} {i.Reason} {string.Join(";", i.Detected)}");
        Assert.Equal(Verdicts(report), Verdicts(rescored));  // the PNGs hold exactly the pixels that were judged
    }

    [Fact]
    public void A_split_keeps_only_its_prompts_and_the_limit_takes_tasks_in_turn()
    {
        var set = PromptSet.V1();
        var heldout = new ShapesEvaluationOptions { Split = PromptSpec.HeldOutSplit }.Select(set);
        Assert.Equal(set.Prompts.Count(p => p.Split == PromptSpec.HeldOutSplit), heldout.Count);
        Assert.All(heldout, p => Assert.Equal(PromptSpec.HeldOutSplit, p.Split));

        var limited = new ShapesEvaluationOptions { Limit = 12 }.Select(set);
        Assert.Equal(PromptTags.All.Concat(PromptTags.All), limited.Select(p => p.Tag));
        Assert.Equal(set.Prompts.Count, new ShapesEvaluationOptions { Limit = 10_000 }.Select(set).Count);
    }

    [Fact]
    public void Bad_options_are_reported_all_at_once()
    {
        var ex = Assert.Throws<ConfigException>(() => new ShapesEvaluationOptions { Split = "test", Limit = 0, SamplesPerPrompt = 0 }.Validate());
        Assert.Equal(
            ["eval.split must be 'train' or 'heldout', was 'test'", "eval.limit must be at least 1, was 0", "eval.samples must be at least 1, was 0"],
            ex.Errors);
    }

    [Fact]
    public void The_default_folder_is_under_the_run_and_names_the_step()
    {
        Assert.Equal(Path.Combine(run.Run, "eval", "shapes-step-0"), ShapesEvaluation.DefaultFolder(run.Trained));
    }

    private static (int, int) Size(RgbImage image) => (image.Width, image.Height);

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
