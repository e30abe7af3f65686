using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>
/// Draws scenes: the number of objects, their kinds and colours (Zipf, skipping held-out pairs), sizes
/// and non-overlapping positions, then captions them. Sample i depends only on (seed, i).
/// </summary>
public sealed class SceneSampler
{
    private const int PlacementAttempts = 200;

    private readonly SynthOptions _options;
    private readonly Zipf _colours;
    private readonly Zipf _shapes;
    private readonly Zipf _counts;
    private readonly Captioner _captioner;

    public SceneSampler(SynthOptions options)
    {
        options.Validate();
        _options = options;
        _colours = new Zipf(Palette.Colours.Count, options.ColourZipf);
        _shapes = new Zipf(ShapeKinds.All.Count, options.ShapeZipf);
        _counts = new Zipf(options.MaxObjects, options.CountZipf);
        _captioner = new Captioner(options);
    }

    public Scene Sample(long index)
    {
        var random = SceneRandom.ForSample(_options.Seed, index);
        var count = 1 + _counts.Sample(random);
        var category = count == 1 ? SceneCategory.Single
            : random.Chance(_options.CountingFraction) ? SceneCategory.Counting
            : count == 2 ? SceneCategory.Pair
            : SceneCategory.Multi;

        var specs = new List<(ShapeKind Shape, string Colour, SizeClass Size)>(count);
        if (category == SceneCategory.Counting)
        {
            var (shape, colour) = SamplePair(random, usedShapes: null);
            var size = random.Chance(_options.LargeFraction) ? SizeClass.Large : SizeClass.Small;
            for (var i = 0; i < count; i++) specs.Add((shape, colour, size));
        }
        else
        {
            var used = new HashSet<ShapeKind>();
            for (var i = 0; i < count; i++)
            {
                var (shape, colour) = SamplePair(random, used);
                used.Add(shape);
                specs.Add((shape, colour, random.Chance(_options.LargeFraction) ? SizeClass.Large : SizeClass.Small));
            }
        }

        var objects = Layout(random, specs)
            ?? Layout(random, specs.Select(s => (s.Shape, s.Colour, SizeClass.Small)).ToList())
            ?? throw new InvalidOperationException(
                $"cannot place {count} objects on a {_options.Width}x{_options.Height} canvas (sample {index})");

        StatedRelation? relation = null;
        if (category == SceneCategory.Pair && random.Chance(_options.RelationFraction))
        {
            var (subject, obj) = random.Chance(0.5) ? (0, 1) : (1, 0);
            var dominant = SpatialRelations.Dominant(objects[subject].Centroid, objects[obj].Centroid, _options.Width, _options.Height);
            if (dominant is { } r) relation = new StatedRelation(subject, r, obj);
        }

        var background = random.Pick(Palette.Backgrounds).Name;
        var scene = new Scene(_options.Width, _options.Height, background, objects, category, relation, "", null);
        return _captioner.Caption(scene, random);
    }

    /// <summary>A (shape, colour) pair from the two Zipf laws, never held out, with a shape not yet used.</summary>
    private (ShapeKind Shape, string Colour) SamplePair(SceneRandom random, HashSet<ShapeKind>? usedShapes)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var shape = ShapeKinds.All[_shapes.Sample(random)];
            if (usedShapes is not null && usedShapes.Contains(shape)) continue;
            var colour = Palette.Colours[_colours.Sample(random)].Name;
            if (_options.Holdout.Contains(colour, shape)) continue;
            return (shape, colour);
        }
        throw new InvalidOperationException("no allowed colour + shape pair found: the holdout list excludes nearly everything");
    }

    /// <summary>Places every object at random without overlap; null when it does not fit after many attempts.</summary>
    private List<SceneObject>? Layout(SceneRandom random, List<(ShapeKind Shape, string Colour, SizeClass Size)> specs)
    {
        int width = _options.Width, height = _options.Height;
        var gap = SceneGeometry.Gap(width, height);
        var border = SceneGeometry.BorderMargin(width, height);
        for (var attempt = 0; attempt < PlacementAttempts; attempt++)
        {
            var placed = new List<SceneObject>(specs.Count);
            foreach (var (shape, colour, size) in specs)
            {
                var h = SceneGeometry.HalfExtent(size, width, height) * random.Uniform(1 - SceneGeometry.Jitter, 1 + SceneGeometry.Jitter);
                var (hx, hy) = ShapeGeometry.HalfBox(shape);
                if (2 * (hx * h + border) > width || 2 * (hy * h + border) > height) return null;
                SceneObject? candidate = null;
                for (var tryPosition = 0; tryPosition < 20 && candidate is null; tryPosition++)
                {
                    var cx = random.Uniform(border + hx * h, width - border - hx * h);
                    var cy = random.Uniform(border + hy * h, height - border - hy * h);
                    var next = SceneGeometry.Place(shape, colour, size, h, cx, cy);
                    if (placed.All(p => !p.Bbox.IntersectsWithGap(next.Bbox, gap))) candidate = next;
                }
                if (candidate is null) break;
                placed.Add(candidate);
            }
            if (placed.Count == specs.Count) return placed;
        }
        return null;
    }
}
