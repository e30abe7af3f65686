using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>
/// Measures a component's geometry and names its kind and size class. The rules follow the shapes'
/// definitions in <see cref="ShapeGeometry"/>: a star is the only non-convex kind (solidity about 0.55
/// against at least 0.85 for the others); among convex kinds the fill of the bounding box is 1 for a
/// square, pi/4 for a circle and 1/2 for triangle and diamond; a triangle (apex up) has a quarter of its
/// area in the top half, a diamond half. The size class compares the area with the kind's area at the
/// geometric mean of the small and large sizes.
/// </summary>
public static class ShapeClassifier
{
    public const double StarSolidity = 0.8;
    public const double SquareFill = 0.88;
    public const double CircleFill = 0.655;
    public const double TriangleTopFraction = 0.37;

    public static ShapeKind Classify(ShapeFeatures f)
    {
        if (f.Solidity < StarSolidity) return ShapeKind.Star;
        if (f.Fill >= SquareFill) return ShapeKind.Square;
        if (f.Fill >= CircleFill) return ShapeKind.Circle;
        return f.TopFraction < TriangleTopFraction ? ShapeKind.Triangle : ShapeKind.Diamond;
    }

    public static SizeClass SizeOf(ShapeKind kind, int area, int width, int height)
    {
        var m = SceneGeometry.Short(width, height);
        var h = Math.Sqrt(SceneGeometry.SmallHalfExtent * SceneGeometry.LargeHalfExtent) * m;
        return area >= ShapeGeometry.Area(kind) * h * h ? SizeClass.Large : SizeClass.Small;
    }

    public static ShapeFeatures Measure(int[] pixels, int width)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = int.MinValue, y1 = int.MinValue;
        foreach (var p in pixels)
        {
            int x = p % width, y = p / width;
            x0 = Math.Min(x0, x);
            x1 = Math.Max(x1, x);
            y0 = Math.Min(y0, y);
            y1 = Math.Max(y1, y);
        }
        var boxArea = (x1 - x0 + 1) * (y1 - y0 + 1);
        var middle = (y0 + y1 + 1) / 2.0; // the line through the box's vertical middle, in pixel-edge units
        var top = 0.0;
        foreach (var p in pixels)
        {
            var y = p / width;
            top += Math.Clamp(middle - y, 0, 1); // a row cut by the line counts half
        }
        var hull = ConvexHullArea(pixels, width);
        return new ShapeFeatures(
            pixels.Length,
            (double)pixels.Length / boxArea,
            hull > 0 ? Math.Min(1, pixels.Length / hull) : 1,
            top / pixels.Length);
    }

    /// <summary>Area of the convex hull of all pixel corners (monotone chain).</summary>
    private static double ConvexHullArea(int[] pixels, int width)
    {
        var corners = new HashSet<(int X, int Y)>();
        foreach (var p in pixels)
        {
            int x = p % width, y = p / width;
            corners.Add((x, y));
            corners.Add((x + 1, y));
            corners.Add((x, y + 1));
            corners.Add((x + 1, y + 1));
        }
        var points = corners.OrderBy(c => c.X).ThenBy(c => c.Y).ToArray();
        if (points.Length < 3) return 0;
        var hull = new (int X, int Y)[2 * points.Length];
        var k = 0;
        foreach (var pt in points)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], pt) <= 0) k--;
            hull[k++] = pt;
        }
        for (int i = points.Length - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0) k--;
            hull[k++] = points[i];
        }
        var area2 = 0L;
        for (var i = 0; i < k - 1; i++) area2 += (long)hull[i].X * hull[i + 1].Y - (long)hull[i + 1].X * hull[i].Y;
        return Math.Abs(area2) / 2.0;
    }

    private static long Cross((int X, int Y) o, (int X, int Y) a, (int X, int Y) b) =>
        (long)(a.X - o.X) * (b.Y - o.Y) - (long)(a.Y - o.Y) * (b.X - o.X);
}
