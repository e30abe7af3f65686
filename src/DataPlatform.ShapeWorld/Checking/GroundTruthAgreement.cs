using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>
/// Whether what the checker found agrees with a scene's ground truth. Agreement means: the same
/// multiset of (shape, colour, size) and, for every pair of ground-truth objects and every relation,
/// the relation holds between the matched detections exactly when it holds in the ground truth
/// (pairs whose centroid offset lies within <see cref="BoundaryTolerance"/> px of the relation margin
/// are skipped: there a fraction of a pixel decides). Detections are matched to ground-truth objects
/// of the same (shape, colour, size) by nearest centroid.
/// </summary>
public static class GroundTruthAgreement
{
    public const double BoundaryTolerance = 0.5;

    /// <summary>Null when they agree, else why not.</summary>
    public static string? Disagreement(Scene scene, IReadOnlyList<DetectedObject> found)
    {
        static string Key(ShapeKind s, string c, SizeClass z) => $"{z.Name()} {c} {s.Name()}";
        var expected = scene.Objects.Select(o => Key(o.Shape, o.Colour, o.Size)).Order().ToList();
        var actual = found.Select(o => Key(o.Shape, o.Colour, o.Size)).Order().ToList();
        if (!expected.SequenceEqual(actual))
        {
            return $"objects differ: expected [{string.Join(", ", expected)}], found [{string.Join(", ", actual)}]";
        }

        var matched = Match(scene.Objects, found);
        var margin = SpatialRelations.Margin(scene.Width, scene.Height);
        for (var i = 0; i < scene.Objects.Count; i++)
        {
            for (var j = 0; j < scene.Objects.Count; j++)
            {
                if (i == j) continue;
                var a = scene.Objects[i].Centroid;
                var b = scene.Objects[j].Centroid;
                foreach (var relation in Enum.GetValues<SpatialRelation>())
                {
                    var offset = SpatialRelations.Offset(relation, a, b);
                    if (Math.Abs(offset - margin) < BoundaryTolerance) continue;
                    var truth = SpatialRelations.Holds(relation, a, b, scene.Width, scene.Height);
                    var seen = SpatialRelations.Holds(relation, matched[i].Centroid, matched[j].Centroid, scene.Width, scene.Height);
                    if (truth != seen)
                    {
                        return $"relation {relation.Key()} of object {i} to {j} is {truth} in the scene but {seen} in the image";
                    }
                }
            }
        }
        return null;
    }

    private static DetectedObject[] Match(IReadOnlyList<SceneObject> truth, IReadOnlyList<DetectedObject> found)
    {
        var free = found.ToList();
        var result = new DetectedObject[truth.Count];
        for (var i = 0; i < truth.Count; i++)
        {
            var t = truth[i];
            var best = free
                .Where(f => f.Shape == t.Shape && f.Colour == t.Colour && f.Size == t.Size)
                .MinBy(f => Math.Pow(f.Centroid.X - t.Centroid.X, 2) + Math.Pow(f.Centroid.Y - t.Centroid.Y, 2))!;
            free.Remove(best);
            result[i] = best;
        }
        return result;
    }
}
