using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>
/// Finds the objects in an image from its pixels alone: labels pixels by palette colour against the
/// estimated background (<see cref="PixelClassifier"/>), takes 8-connected components per colour,
/// drops specks, and fits each remaining component's kind, size and centroid (<see cref="ShapeFit"/>).
/// The size class compares the fitted half extent with the geometric mean of the small and large
/// half extents, relative to the canvas's shorter side.
/// </summary>
public sealed class SceneChecker
{
    private readonly CheckerOptions _options;

    public SceneChecker(CheckerOptions? options = null)
    {
        _options = options ?? CheckerOptions.Default;
        _options.Validate();
    }

    public IReadOnlyList<DetectedObject> Detect(RgbImage image)
    {
        var background = PixelClassifier.EstimateBackground(image);
        var (labels, _) = PixelClassifier.Classify(image, background, _options);
        var minArea = MinArea(image.Width, image.Height);
        var components = ConnectedComponents.Find(labels, image.Width, image.Height)
            .Where(c => c.Pixels.Length >= minArea)
            .ToList();
        var ids = new int[labels.Length];
        Array.Fill(ids, -1);
        for (var i = 0; i < components.Count; i++)
        {
            foreach (var p in components[i].Pixels) ids[p] = i;
        }

        var sizeThreshold = Math.Sqrt(SceneGeometry.SmallHalfExtent * SceneGeometry.LargeHalfExtent)
            * SceneGeometry.Short(image.Width, image.Height);
        var found = new List<DetectedObject>(components.Count);
        for (var i = 0; i < components.Count; i++)
        {
            var component = components[i];
            var box = PixelBox(component.Pixels, image.Width);
            var colour = Palette.Colours[component.Label];
            var fit = ShapeFit.Fit(image, background, colour.Rgb, ids, i, box);
            found.Add(new DetectedObject(
                fit.Shape,
                colour.Name,
                fit.HalfExtent >= sizeThreshold ? SizeClass.Large : SizeClass.Small,
                fit.Centroid,
                box,
                component.Pixels.Length,
                fit.HalfExtent,
                fit.Errors[(int)fit.Shape]));
        }
        return found;
    }

    private static Box PixelBox(int[] pixels, int width)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = int.MinValue, y1 = int.MinValue;
        foreach (var p in pixels)
        {
            int x = p % width, y = p / width;
            x0 = Math.Min(x0, x);
            y0 = Math.Min(y0, y);
            x1 = Math.Max(x1, x + 1);
            y1 = Math.Max(y1, y + 1);
        }
        return new Box(x0, y0, x1, y1);
    }

    /// <summary>Speck threshold: a share of the smallest object's area (a small star, jitter included).</summary>
    private double MinArea(int width, int height)
    {
        var h = SceneGeometry.HalfExtent(SizeClass.Small, width, height) * (1 - SceneGeometry.Jitter);
        var smallest = ShapeKinds.All.Min(k => ShapeGeometry.Area(k)) * h * h;
        return Math.Max(2, _options.MinAreaFraction * smallest);
    }
}
