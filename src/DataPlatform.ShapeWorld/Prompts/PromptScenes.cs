using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Synthesis;

namespace DataPlatform.ShapeWorld.Prompts;

/// <summary>
/// Renders a correct image for a prompt (the "oracle"): exactly the included objects, in their colours
/// (any colour, drawn from the palette, where the prompt names none), placed so every stated relation
/// holds clearly (by at least <see cref="ClearMargin"/> px beyond the relation margin, so a fraction of a
/// pixel of measurement cannot flip it). It checks the scorer end to end and gives the ceiling a model can reach.
/// </summary>
public static class PromptScenes
{
    public const double ClearMargin = 1.0;

    public static Scene Oracle(PromptSpec prompt, int width, int height, long seed)
    {
        var random = SceneRandom.ForSample(seed, StableHash(prompt.Id));
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var objects = new List<SceneObject>();
            var owners = new List<int>();
            var ok = true;
            for (var i = 0; i < prompt.Include.Count && ok; i++)
            {
                var item = prompt.Include[i];
                var shape = ShapeKinds.TryParse(item.Class)!.Value;
                for (var n = 0; n < item.Count && ok; n++)
                {
                    var colour = item.Color ?? random.Pick(Palette.Colours).Name;
                    var size = item.Count > 2 || prompt.Include.Count > 2 ? SizeClass.Small : random.Chance(0.5) ? SizeClass.Large : SizeClass.Small;
                    var placed = TryPlace(shape, colour, size, objects, width, height, random);
                    if (placed is null) ok = false;
                    else
                    {
                        objects.Add(placed);
                        owners.Add(i);
                    }
                }
            }
            if (ok && RelationsHold(prompt, objects, owners, width, height))
            {
                return new Scene(width, height, random.Pick(Palette.Backgrounds).Name, objects, SceneCategory.Multi, null, prompt.Prompt, null);
            }
        }
        throw new InvalidOperationException($"cannot lay out prompt {prompt.Id} on a {width}x{height} canvas");
    }

    private static SceneObject? TryPlace(ShapeKind shape, string colour, SizeClass size, List<SceneObject> placed, int width, int height, SceneRandom random)
    {
        var h = SceneGeometry.HalfExtent(size, width, height);
        var (hx, hy) = ShapeGeometry.HalfBox(shape);
        var border = SceneGeometry.BorderMargin(width, height);
        var gap = SceneGeometry.Gap(width, height);
        for (var t = 0; t < 50; t++)
        {
            var next = SceneGeometry.Place(shape, colour, size, h,
                random.Uniform(border + hx * h, width - border - hx * h),
                random.Uniform(border + hy * h, height - border - hy * h));
            if (placed.All(p => !p.Bbox.IntersectsWithGap(next.Bbox, gap))) return next;
        }
        return null;
    }

    private static bool RelationsHold(PromptSpec prompt, List<SceneObject> objects, List<int> owners, int width, int height)
    {
        for (var i = 0; i < prompt.Include.Count; i++)
        {
            if (prompt.Include[i].Position is not { } pos) continue;
            var relation = SpatialRelations.TryParseKey(pos.Relation)!.Value;
            for (var a = 0; a < objects.Count; a++)
            {
                for (var b = 0; b < objects.Count; b++)
                {
                    if (owners[a] == i && owners[b] == pos.Target &&
                        SpatialRelations.Offset(relation, objects[a].Centroid, objects[b].Centroid) <= SpatialRelations.Margin(width, height) + ClearMargin)
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static long StableHash(string text)
    {
        var hash = 1469598103934665603UL;
        foreach (var ch in text) hash = (hash ^ ch) * 1099511628211UL;
        return (long)(hash >> 1);
    }
}
