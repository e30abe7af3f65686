using DataPlatform.ShapeWorld.Rendering;

namespace DataPlatform.ShapeWorld.Scenes;

/// <summary>
/// Sizes and spacing relative to the canvas's shorter side m: a large object's half extent is 0.2 m
/// (13 px across at 32x32), a small one's 0.13 m (8 px across), each with +-4% jitter; objects keep
/// a gap of max(1.5 px, 0.06 m) between boxes and a margin of max(1 px, 0.04 m) to the border.
/// </summary>
public static class SceneGeometry
{
    public const double LargeHalfExtent = 0.20;
    public const double SmallHalfExtent = 0.13;
    public const double Jitter = 0.04;

    public static double Short(int width, int height) => Math.Min(width, height);

    public static double HalfExtent(SizeClass size, int width, int height) =>
        (size == SizeClass.Large ? LargeHalfExtent : SmallHalfExtent) * Short(width, height);

    public static double Gap(int width, int height) => Math.Max(1.5, 0.06 * Short(width, height));

    public static double BorderMargin(int width, int height) => Math.Max(1.0, 0.04 * Short(width, height));

    /// <summary>The object as placed with its box centred on (cx, cy).</summary>
    public static SceneObject Place(ShapeKind shape, string colour, SizeClass size, double h, double cx, double cy)
    {
        var (hx, hy) = ShapeGeometry.HalfBox(shape);
        var offset = ShapeGeometry.CentroidOffset(shape);
        return new SceneObject(
            shape, colour, size, h,
            new Point2(cx, cy),
            new Point2(cx + offset.X * h, cy + offset.Y * h),
            new Box(cx - hx * h, cy - hy * h, cx + hx * h, cy + hy * h));
    }
}
