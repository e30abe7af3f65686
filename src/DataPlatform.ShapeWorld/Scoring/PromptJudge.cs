using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Scoring;

/// <summary>The verdict on one image: correct or not, and why not.</summary>
public sealed record Verdict(bool Correct, string Reason);

/// <summary>
/// GenEval's rules applied to the checker's objects. For each include entry: at least <c>count</c>
/// objects of the class; the <c>count</c> largest of them are the matched group; with a colour, every
/// matched object must have it; with a position, every matched object must stand in the relation
/// (<see cref="SpatialRelations.Holds"/>) to every object of the target group. For each exclude
/// entry: fewer than <c>count</c> objects of the class. So: single object = present; two objects =
/// both present; counting = exactly n; colours = present in that colour; position = both present and
/// the relation holds; colour attribution = both present in the right colours.
/// </summary>
public static class PromptJudge
{
    public static Verdict Judge(PromptSpec prompt, IReadOnlyList<DetectedObject> found, int width, int height)
    {
        var groups = new List<DetectedObject>[prompt.Include.Count];
        for (var i = 0; i < prompt.Include.Count; i++)
        {
            var req = prompt.Include[i];
            var ofClass = found.Where(o => o.Shape.Name() == req.Class).OrderByDescending(o => o.Pixels).ToList();
            if (ofClass.Count < req.Count)
            {
                return new Verdict(false, $"expected {req.Class} >= {req.Count}, found {ofClass.Count}");
            }
            groups[i] = ofClass.Take(req.Count).ToList();
            if (req.Color is not null && groups[i].FirstOrDefault(o => o.Colour != req.Color) is { } wrong)
            {
                return new Verdict(false, $"expected {req.Color} {req.Class}, found {wrong.Colour} {req.Class}");
            }
        }
        for (var i = 0; i < prompt.Include.Count; i++)
        {
            if (prompt.Include[i].Position is not { } pos) continue;
            var relation = SpatialRelations.TryParseKey(pos.Relation)!.Value;
            foreach (var a in groups[i])
            {
                foreach (var b in groups[pos.Target])
                {
                    if (!SpatialRelations.Holds(relation, a.Centroid, b.Centroid, width, height))
                    {
                        return new Verdict(false, $"expected {prompt.Include[i].Class} {relation.Phrase()} {prompt.Include[pos.Target].Class}, " +
                            $"centroids ({a.Centroid.X:0.0}, {a.Centroid.Y:0.0}) and ({b.Centroid.X:0.0}, {b.Centroid.Y:0.0})");
                    }
                }
            }
        }
        foreach (var req in prompt.Exclude ?? [])
        {
            var count = found.Count(o => o.Shape.Name() == req.Class);
            if (count >= req.Count) return new Verdict(false, $"expected {req.Class} < {req.Count}, found {count}");
        }
        return new Verdict(true, "");
    }
}
