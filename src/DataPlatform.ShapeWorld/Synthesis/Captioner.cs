using System.Text;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>
/// Writes a scene's caption from varied templates ("a red circle left of a blue square", "three green
/// triangles", "a small purple star above a large yellow circle") and, when asked, a longer enhanced
/// caption that names every object, its size and where it sits. Captions only state what holds.
/// </summary>
public sealed class Captioner(SynthOptions options)
{
    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four"];

    public Scene Caption(Scene scene, SceneRandom random)
    {
        var withColour = !random.Chance(options.ColourlessFraction);
        var caption = scene.Category switch
        {
            SceneCategory.Single => Single(scene, random, withColour),
            SceneCategory.Pair => Pair(scene, random, withColour),
            SceneCategory.Counting => Counting(scene, random, withColour),
            _ => Multi(scene, random, withColour),
        };
        var enhanced = options.Enhanced ? Enhanced(scene) : null;
        return scene with { Caption = caption, EnhancedCaption = enhanced };
    }

    private string Single(Scene scene, SceneRandom random, bool withColour)
    {
        var obj = Phrase(scene.Objects[0], random, withColour);
        return random.Next(6) switch
        {
            0 => $"a picture of {obj}",
            1 => $"{obj} on a {scene.Background} background",
            _ => obj,
        };
    }

    private string Pair(Scene scene, SceneRandom random, bool withColour)
    {
        if (scene.Relation is { } stated)
        {
            var subject = Phrase(scene.Objects[stated.Subject], random, withColour);
            var obj = Phrase(scene.Objects[stated.Object], random, withColour);
            var horizontal = stated.Relation is SpatialRelation.LeftOf or SpatialRelation.RightOf;
            return random.Next(4) switch
            {
                0 when horizontal => $"{subject} to the {(stated.Relation == SpatialRelation.LeftOf ? "left" : "right")} of {obj}",
                1 => $"{subject} is {stated.Relation.Phrase()} {obj}",
                _ => $"{subject} {stated.Relation.Phrase()} {obj}",
            };
        }
        var (first, second) = random.Chance(0.5) ? (0, 1) : (1, 0);
        return $"{Phrase(scene.Objects[first], random, withColour)} and {Phrase(scene.Objects[second], random, withColour)}";
    }

    private static string Counting(Scene scene, SceneRandom random, bool withColour)
    {
        var obj = scene.Objects[0];
        var count = Numbers[scene.Objects.Count];
        return withColour && random.Chance(0.2)
            ? $"{count} {obj.Shape.Plural()}, all {obj.Colour}"
            : withColour ? $"{count} {obj.Colour} {obj.Shape.Plural()}" : $"{count} {obj.Shape.Plural()}";
    }

    private string Multi(Scene scene, SceneRandom random, bool withColour)
    {
        var phrases = scene.Objects.Select(o => Phrase(o, random, withColour)).ToList();
        return string.Join(", ", phrases.Take(phrases.Count - 1)) + " and " + phrases[^1];
    }

    private string Phrase(SceneObject obj, SceneRandom random, bool withColour)
    {
        var words = new List<string>(3);
        if (random.Chance(options.SizeMentionFraction)) words.Add(obj.Size.Name());
        if (withColour) words.Add(obj.Colour);
        words.Add(obj.Shape.Name());
        return Article(words[0]) + " " + string.Join(' ', words);
    }

    private static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";

    /// <summary>"Two flat shapes on a plain white background. A large red circle at the top left; ..."</summary>
    public static string Enhanced(Scene scene)
    {
        var text = new StringBuilder();
        var n = scene.Objects.Count;
        text.Append(n == 1 ? "A single flat shape" : $"{Capitalise(Numbers[n])} flat shapes");
        text.Append($" on a plain {scene.Background} background. ");
        var parts = scene.Objects.Select(o =>
            $"{Article(o.Size.Name())} {o.Size.Name()} {o.Colour} {o.Shape.Name()} {Where(o.Centroid, scene.Width, scene.Height)}");
        text.Append(Capitalise(string.Join("; ", parts))).Append('.');
        if (scene.Relation is { } r)
        {
            var a = scene.Objects[r.Subject];
            var b = scene.Objects[r.Object];
            text.Append($" The {a.Colour} {a.Shape.Name()} is {r.Relation.Phrase()} the {b.Colour} {b.Shape.Name()}.");
        }
        else if (scene.Category == SceneCategory.Counting)
        {
            text.Append($" There are exactly {Numbers[n]} {scene.Objects[0].Shape.Plural()}, all {scene.Objects[0].Colour}.");
        }
        return text.ToString();
    }

    private static string Where(Point2 p, int width, int height)
    {
        var column = p.X < width / 3.0 ? "left" : p.X > 2 * width / 3.0 ? "right" : "";
        var row = p.Y < height / 3.0 ? "top" : p.Y > 2 * height / 3.0 ? "bottom" : "";
        return (row, column) switch
        {
            ("", "") => "in the centre",
            ("", _) => $"on the {column}",
            (_, "") => $"at the {row}",
            _ => $"at the {row} {column}",
        };
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
