using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPlatform.ShapeWorld.Scoring;

/// <summary>One scored image, as a line of GenEval's results.jsonl.</summary>
public sealed record ImageResult(
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("prompt_id")] string PromptId,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("correct")] bool Correct,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("detected")] IReadOnlyList<string> Detected);

/// <summary>Accuracy of one task tag.</summary>
public sealed record TaskScore(
    [property: JsonPropertyName("correct")] int Correct,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("accuracy")] double Accuracy);

/// <summary>
/// A GenEval-style summary: image and prompt totals, the share of correct images and of prompts with
/// every image correct, per-task accuracy, and the overall score as the mean over the tasks present.
/// Also per split (train / heldout) for compositional generalisation.
/// </summary>
public sealed record ScoreReport(
    [property: JsonPropertyName("prompt_set")] string PromptSet,
    [property: JsonPropertyName("total_images")] int TotalImages,
    [property: JsonPropertyName("total_prompts")] int TotalPrompts,
    [property: JsonPropertyName("correct_images")] double CorrectImages,
    [property: JsonPropertyName("correct_prompts")] double CorrectPrompts,
    [property: JsonPropertyName("tasks")] IReadOnlyDictionary<string, TaskScore> Tasks,
    [property: JsonPropertyName("overall")] double Overall,
    [property: JsonPropertyName("splits")] IReadOnlyDictionary<string, double> Splits,
    [property: JsonPropertyName("images")] IReadOnlyList<ImageResult> Images)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static ScoreReport From(string promptSet, IReadOnlyList<ImageResult> images)
    {
        var tasks = images.GroupBy(r => r.Tag)
            .OrderBy(g => Prompts.PromptTags.All.ToList().IndexOf(g.Key))
            .ToDictionary(g => g.Key, g => Task(g));
        var splits = images.GroupBy(r => r.Split).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => MeanOverTasks(g));
        var prompts = images.GroupBy(r => r.PromptId).ToList();
        return new ScoreReport(
            promptSet,
            images.Count,
            prompts.Count,
            images.Count == 0 ? 0 : (double)images.Count(r => r.Correct) / images.Count,
            prompts.Count == 0 ? 0 : (double)prompts.Count(g => g.All(r => r.Correct)) / prompts.Count,
            tasks,
            tasks.Count == 0 ? 0 : tasks.Values.Average(t => t.Accuracy),
            splits,
            images);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    private static TaskScore Task(IEnumerable<ImageResult> results)
    {
        var list = results.ToList();
        var correct = list.Count(r => r.Correct);
        return new TaskScore(correct, list.Count, (double)correct / list.Count);
    }

    private static double MeanOverTasks(IEnumerable<ImageResult> results) =>
        results.GroupBy(r => r.Tag).Average(g => Task(g).Accuracy);
}
