using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Training;
using DataPlatform.Training.Evaluation;
using DataPlatform.Training.Generation;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>The quickstart's training, sample grid and evaluation steps, on the embedded recipe (pipelines/quickstart-train.json).</summary>
internal static class QuickstartTraining
{
    /// <summary>Prompts of the sample grid: colours, shapes, counts and relations.</summary>
    private static readonly string[] GridPrompts =
    [
        "a red circle", "a blue square", "a green triangle", "a yellow star",
        "a purple circle", "an orange square", "two red circles", "three blue squares",
        "a red circle left of a blue square", "a green triangle above a yellow circle",
        "a large blue circle", "a small red square", "a white star", "a pink triangle", "a blue circle and a red square", "a green square",
    ];

    /// <summary>The embedded recipe with the quickstart's lake (and a step override).</summary>
    public static TrainRunConfig Recipe(string lakePath, long? steps)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("quickstart-train.json")
            ?? throw new InvalidOperationException("the embedded quickstart-train.json is missing from dp");
        var json = JsonNode.Parse(stream)!.AsObject();
        json["lake"] = lakePath;
        if (steps is { } n) json["steps"] = n;
        return TrainRunConfig.FromJson(json, Directory.GetCurrentDirectory(), "embedded quickstart-train.json");
    }

    /// <summary>A 4 x 4 grid of <see cref="GridPrompts"/> at the training size into &lt;run&gt;/samples/.</summary>
    public static string SampleGrid(TrainedModel model)
    {
        var options = new ImageGenerationOptions { Seed = 1, Threads = Environment.ProcessorCount }.Validate(model.Config);
        var images = new ImageGenerator(model).Generate(GridPrompts, options);
        var path = Path.Combine(new RunLayout(RunReference.RunOf(model.Checkpoint)).Samples, $"grid-step-{model.Step:D8}.png");
        ImageGrid.Write(path, images, columns: 4);
        File.WriteAllLines(Path.ChangeExtension(path, ".txt"), GridPrompts);
        return path;
    }

    /// <summary>Every prompt of set v1 once, scored; the images and report.json stay in the run's eval folder.</summary>
    public static (ScoreReport Report, string Folder) Evaluate(TrainedModel model, CancellationToken ct)
    {
        var folder = ShapesEvaluation.DefaultFolder(model);
        var options = new ShapesEvaluationOptions { SamplesPerPrompt = 1, Generation = new() { Threads = Environment.ProcessorCount } }.Validate();
        var evaluation = new ShapesEvaluation(new ImageGenerator(model));
        int total = evaluation.ImageCount(options);
        var report = GenerationCliOptions.WithProgress("eval shapes", total, progress => evaluation.Run(folder, options, progress, ct));
        return (report, folder);
    }
}
