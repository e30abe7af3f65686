using DataPlatform.Core;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.Training.Generation;

namespace DataPlatform.Training.Evaluation;

/// <summary>
/// A ShapeWorld GenEval-style evaluation. Defaults: the whole V1 prompt set (both splits, no limit), 4 samples per
/// prompt (GenEval's count: 880 images for V1), the generation defaults of <see cref="ImageGenerationOptions"/> (the
/// training size, T = 16, 16 Euler steps, CFG 3, seed 1).
/// </summary>
public sealed record ShapesEvaluationOptions
{
    /// <summary>"train" or "heldout" to keep one split; null: both.</summary>
    public string? Split { get; init; }

    /// <summary>At most this many prompts, taken in turn from each task so that a small limit still covers every task; null: all.</summary>
    public int? Limit { get; init; }

    /// <summary>K: images per prompt.</summary>
    public int SamplesPerPrompt { get; init; } = 4;

    public ImageGenerationOptions Generation { get; init; } = new();

    public ShapesEvaluationOptions Validate()
    {
        var v = new Validation();
        if (Split is not (null or PromptSpec.TrainSplit or PromptSpec.HeldOutSplit))
            v.Add($"eval.split must be '{PromptSpec.TrainSplit}' or '{PromptSpec.HeldOutSplit}', was '{Split}'");
        if (Limit is { } limit) v.AtLeast("eval.limit", limit, 1);
        v.AtLeast("eval.samples", SamplesPerPrompt, 1);
        v.ThrowIfInvalid();
        return this;
    }

    /// <summary>The prompts to evaluate: the split filter, then the limit taken round-robin over the tasks in GenEval's order.</summary>
    public IReadOnlyList<PromptSpec> Select(PromptSet set)
    {
        var kept = set.Prompts.Where(p => Split is null || p.Split == Split).ToList();
        if (kept.Count == 0) throw new InvalidInputException($"prompt set {set.Name} has no prompts in split '{Split}'");
        if (Limit is not { } limit || limit >= kept.Count) return kept;
        var queues = kept.GroupBy(p => p.Tag)
            .OrderBy(g => PromptTags.All.ToList().IndexOf(g.Key))
            .Select(g => new Queue<PromptSpec>(g))
            .ToList();
        var chosen = new List<PromptSpec>(limit);
        while (chosen.Count < limit)
            foreach (var queue in queues)
                if (chosen.Count < limit && queue.Count > 0) chosen.Add(queue.Dequeue());
        return chosen;
    }
}
