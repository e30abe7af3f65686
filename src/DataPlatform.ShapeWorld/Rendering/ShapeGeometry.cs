using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Rendering;

/// <summary>
/// The exact outline of each kind, as a signed distance in pixels (negative inside), for a shape whose
/// box is centred on the origin with half extent h. All kinds are axis-aligned and fill a box of about
/// 2h x 2h, so layout is the same for every kind; what differs is the geometry the checker reads:
/// circle (fill of box pi/4), square (fill 1), triangle (apex up, fill 1/2, a quarter of its mass in
/// the top half), diamond (fill 1/2, half its mass on top) and five-pointed star (solidity about 0.55).
/// </summary>
public static class ShapeGeometry
{
    private const double SquareHalfSide = 0.85;
    private const double StarOuter = 1.05;
    private const double StarInnerRatio = 0.45;

    /// <summary>Half width and half height of the kind's box, in units of h.</summary>
    public static (double X, double Y) HalfBox(ShapeKind kind) => kind switch
    {
        ShapeKind.Square => (SquareHalfSide, SquareHalfSide),
        ShapeKind.Star => (StarOuter * Math.Sin(0.4 * Math.PI), StarOuter * (1 + Math.Cos(0.2 * Math.PI)) / 2),
        _ => (1, 1),
    };

    /// <summary>Area centroid relative to the box centre, in units of h (y down).</summary>
    public static Point2 CentroidOffset(ShapeKind kind) => kind switch
    {
        ShapeKind.Triangle => new Point2(0, 1.0 / 3),
        ShapeKind.Star => new Point2(0, StarCentreShift),
        _ => new Point2(0, 0),
    };

    /// <summary>Area of the kind in units of h².</summary>
    public static double Area(ShapeKind kind) => kind switch
    {
        ShapeKind.Circle => Math.PI,
        ShapeKind.Square => 4 * SquareHalfSide * SquareHalfSide,
        ShapeKind.Triangle or ShapeKind.Diamond => 2,
        ShapeKind.Star => 5 * StarOuter * StarOuter * StarInnerRatio * Math.Sin(0.2 * Math.PI),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // The star's own centre sits below its box centre, since its points reach further up than down.
    private static readonly double StarCentreShift = StarOuter * (1 - Math.Cos(0.2 * Math.PI)) / 2;

    private static readonly double[] TriangleXy = [0, -1, 1, 1, -1, 1];
    private static readonly double[] DiamondXy = [0, -1, 1, 0, 0, 1, -1, 0];
    private static readonly double[] StarXy = BuildStar();

    /// <summary>Signed distance (in units of h) of point (x, y), relative to the box centre, to the outline.</summary>
    public static double SignedDistance(ShapeKind kind, double x, double y) => kind switch
    {
        ShapeKind.Circle => Math.Sqrt(x * x + y * y) - 1,
        ShapeKind.Square => BoxDistance(x, y, SquareHalfSide),
        ShapeKind.Triangle => PolygonDistance(TriangleXy, x, y),
        ShapeKind.Diamond => PolygonDistance(DiamondXy, x, y),
        ShapeKind.Star => PolygonDistance(StarXy, x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static double BoxDistance(double x, double y, double half)
    {
        var qx = Math.Abs(x) - half;
        var qy = Math.Abs(y) - half;
        var outside = Math.Sqrt(Math.Max(qx, 0) * Math.Max(qx, 0) + Math.Max(qy, 0) * Math.Max(qy, 0));
        return outside + Math.Min(Math.Max(qx, qy), 0);
    }

    /// <summary>Distance to the nearest edge, negative inside (even-odd rule), for a closed polygon.</summary>
    private static double PolygonDistance(double[] xy, double x, double y)
    {
        var n = xy.Length / 2;
        var best = double.MaxValue;
        var inside = false;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            double ax = xy[2 * j], ay = xy[2 * j + 1], bx = xy[2 * i], by = xy[2 * i + 1];
            double ex = bx - ax, ey = by - ay, wx = x - ax, wy = y - ay;
            var t = Math.Clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0, 1);
            double dx = wx - ex * t, dy = wy - ey * t;
            best = Math.Min(best, dx * dx + dy * dy);
            if ((ay > y) != (by > y) && x < ax + (y - ay) * ex / ey) inside = !inside;
        }
        var distance = Math.Sqrt(best);
        return inside ? -distance : distance;
    }

    private static double[] BuildStar()
    {
        var xy = new double[20];
        for (var k = 0; k < 10; k++)
        {
            var radius = k % 2 == 0 ? StarOuter : StarOuter * StarInnerRatio;
            var angle = -Math.PI / 2 + k * Math.PI / 5;
            xy[2 * k] = radius * Math.Cos(angle);
            xy[2 * k + 1] = radius * Math.Sin(angle) + StarCentreShift;
        }
        return xy;
    }
}
