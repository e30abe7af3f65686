using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Synthesis;

namespace DataPlatform.ShapeWorld.Prompts;

/// <summary>
/// Builds prompt set v1 (the embedded file is its output; a test keeps the two equal): every shape
/// (single_object), every ordered pair of shapes (two_object), every shape at counts 2-4 (counting),
/// every colour + shape (colors), every ordered pair of shapes with each relation (position), and 60
/// colour-attribution prompts drawn with a fixed seed, 20 of which use a held-out colour + shape pair.
/// Prompts that use a pair of <see cref="Holdout.Default"/> form the held-out split.
/// </summary>
public static class PromptSetBuilder
{
    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four"];

    public static PromptSet BuildV1()
    {
        var holdout = Holdout.Default;
        var prompts = new List<PromptSpec>();
        var shapes = ShapeKinds.All;
        var colours = Palette.Colours.Select(c => c.Name).ToList();

        void Add(string tag, string text, bool heldOut, List<PromptObject> include, List<PromptObject>? exclude = null) =>
            prompts.Add(new PromptSpec(
                $"{tag}-{prompts.Count(p => p.Tag == tag):000}", tag, text,
                heldOut ? PromptSpec.HeldOutSplit : PromptSpec.TrainSplit, include, exclude));

        foreach (var s in shapes)
        {
            Add(PromptTags.SingleObject, $"a {s.Name()}", false, [new(s.Name(), 1)]);
        }
        foreach (var a in shapes)
        {
            foreach (var b in shapes.Where(b => b != a))
            {
                Add(PromptTags.TwoObject, $"a {a.Name()} and a {b.Name()}", false, [new(a.Name(), 1), new(b.Name(), 1)]);
            }
        }
        foreach (var s in shapes)
        {
            for (var n = 2; n <= 4; n++)
            {
                Add(PromptTags.Counting, $"{Numbers[n]} {s.Plural()}", false, [new(s.Name(), n)], [new(s.Name(), n + 1)]);
            }
        }
        foreach (var c in colours)
        {
            foreach (var s in shapes)
            {
                Add(PromptTags.Colors, $"{Article(c)} {c} {s.Name()}", holdout.Contains(c, s), [new(s.Name(), 1, c)]);
            }
        }
        foreach (var a in shapes)
        {
            foreach (var b in shapes.Where(b => b != a))
            {
                foreach (var r in Enum.GetValues<SpatialRelation>())
                {
                    // "a circle left of a square": the circle is left of include[0], the square.
                    Add(PromptTags.Position, $"a {a.Name()} {r.Phrase()} a {b.Name()}", false,
                        [new(b.Name(), 1), new(a.Name(), 1, null, new PromptPosition(r.Key(), 0))]);
                }
            }
        }
        foreach (var (c1, s1, c2, s2) in ColourAttributionPairs(holdout, colours))
        {
            Add(PromptTags.ColorAttr, $"{Article(c1)} {c1} {s1.Name()} and {Article(c2)} {c2} {s2.Name()}",
                holdout.Contains(c1, s1) || holdout.Contains(c2, s2),
                [new(s1.Name(), 1, c1), new(s2.Name(), 1, c2)]);
        }
        return new PromptSet("shapeworld-prompts-v1", prompts);
    }

    /// <summary>40 train and 20 held-out (colour, shape, colour, shape) tuples, distinct shapes and colours, fixed seed.</summary>
    private static List<(string, ShapeKind, string, ShapeKind)> ColourAttributionPairs(Holdout holdout, List<string> colours)
    {
        var random = new SceneRandom(2026);
        var seen = new HashSet<string>();
        var train = new List<(string, ShapeKind, string, ShapeKind)>();
        var heldOut = new List<(string, ShapeKind, string, ShapeKind)>();
        while (train.Count < 40 || heldOut.Count < 20)
        {
            var c1 = random.Pick(colours);
            var c2 = random.Pick(colours);
            var s1 = random.Pick(ShapeKinds.All);
            var s2 = random.Pick(ShapeKinds.All);
            if (c1 == c2 || s1 == s2 || !seen.Add($"{c1} {s1} {c2} {s2}")) continue;
            var isHeldOut = holdout.Contains(c1, s1) || holdout.Contains(c2, s2);
            var list = isHeldOut ? heldOut : train;
            if (list.Count < (isHeldOut ? 20 : 40)) list.Add((c1, s1, c2, s2));
        }
        return [.. train, .. heldOut];
    }

    private static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";
}
