using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Stats;

namespace DataPlatform.Training.Evaluation;

/// <summary>Accuracy of the prompts whose rarest concept falls in one long-tail class of the training lake.</summary>
public sealed record ClassAccuracy(string Class, int Images, int Correct)
{
    public double Accuracy => Images == 0 ? 0 : (double)Correct / Images;
}

/// <summary>
/// How an evaluation splits over the lake's long tail: each prompt is placed in the class (head, torso, tail of
/// <c>concept_stats</c>) of the rarest concept it names (object classes and colours, as the lake tags them), so
/// "tail" reads as "prompts that need a rare concept". Concepts the lake never saw form the class "unseen".
/// </summary>
public static class ConceptAccuracy
{
    public static readonly IReadOnlyList<string> Classes = ["head", "torso", "tail", "unseen"];

    /// <summary>concept -> (frequency, class) from a session over the training lake.</summary>
    public static IReadOnlyDictionary<string, (long Frequency, string Class)> LakeClasses(LakeSession session) =>
        session.Query("SELECT concept, frequency, class FROM concept_stats").Rows
            .ToDictionary(r => (string)r[0]!, r => (Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture), (string)r[2]!));

    public static IReadOnlyList<ClassAccuracy> ByClass(ScoreReport report, PromptSet prompts, IReadOnlyDictionary<string, (long Frequency, string Class)> lake)
    {
        var counts = Classes.ToDictionary(c => c, _ => (Images: 0, Correct: 0));
        foreach (var image in report.Images)
        {
            var prompt = prompts.Find(image.PromptId);
            if (prompt is null) continue;
            var concepts = prompt.Include.SelectMany(o => o.Color is null ? new[] { o.Class } : [o.Class, o.Color]).Distinct();
            var known = concepts.Select(c => lake.TryGetValue(c, out var s) ? s : ((long Frequency, string Class)?)null).ToList();
            string cls = known.Any(k => k is null) ? "unseen" : known.MinBy(k => k!.Value.Frequency)!.Value.Class;
            var (images, correct) = counts[cls];
            counts[cls] = (images + 1, correct + (image.Correct ? 1 : 0));
        }
        return Classes.Where(c => counts[c].Images > 0).Select(c => new ClassAccuracy(c, counts[c].Images, counts[c].Correct)).ToList();
    }
}
