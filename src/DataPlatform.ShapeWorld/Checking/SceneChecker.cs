using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>
/// Finds the objects in an image from its pixels alone: labels pixels by palette colour against the
/// estimated background, takes 8-connected components per colour, drops specks, and measures each
/// remaining component's kind, size class, centroid (alpha-weighted) and box.
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
        var (labels, alpha) = PixelClassifier.Classify(image, background, _options);
        var minArea = MinArea(image.Width, image.Height);
        var found = new List<DetectedObject>();
        foreach (var component in ConnectedComponents.Find(labels, image.Width, image.Height))
        {
            if (component.Pixels.Length < minArea) continue;
            var features = ShapeClassifier.Measure(component.Pixels, image.Width);
            var kind = ShapeClassifier.Classify(features);
            double sx = 0, sy = 0, sw = 0;
            double x0 = double.MaxValue, y0 = double.MaxValue, x1 = 0, y1 = 0;
            foreach (var p in component.Pixels)
            {
                int x = p % image.Width, y = p / image.Width;
                sx += alpha[p] * (x + 0.5);
                sy += alpha[p] * (y + 0.5);
                sw += alpha[p];
                x0 = Math.Min(x0, x);
                y0 = Math.Min(y0, y);
                x1 = Math.Max(x1, x + 1);
                y1 = Math.Max(y1, y + 1);
            }
            found.Add(new DetectedObject(
                kind,
                Palette.Colours[component.Label].Name,
                ShapeClassifier.SizeOf(kind, component.Pixels.Length, image.Width, image.Height),
                new Point2(sx / sw, sy / sw),
                new Box(x0, y0, x1, y1),
                features));
        }
        return found;
    }

    /// <summary>Speck threshold: a share of the smallest object's area (a small star or diamond, jitter included).</summary>
    private double MinArea(int width, int height)
    {
        var h = SceneGeometry.HalfExtent(SizeClass.Small, width, height) * (1 - SceneGeometry.Jitter);
        var smallest = ShapeKinds.All.Min(k => ShapeGeometry.Area(k)) * h * h;
        return Math.Max(2, _options.MinAreaFraction * smallest);
    }
}
