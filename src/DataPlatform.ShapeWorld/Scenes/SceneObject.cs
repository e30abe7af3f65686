namespace DataPlatform.ShapeWorld.Scenes;

/// <summary>An axis-aligned box in pixels: [X0, X1) x [Y0, Y1), fractional.</summary>
public readonly record struct Box(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;

    public double Height => Y1 - Y0;

    /// <summary>True when the two boxes, each grown by <paramref name="gap"/>/2 on every side, intersect.</summary>
    public bool IntersectsWithGap(Box other, double gap) =>
        X0 < other.X1 + gap && other.X0 < X1 + gap && Y0 < other.Y1 + gap && other.Y0 < Y1 + gap;
}

/// <summary>A point in pixel coordinates, x to the right, y down.</summary>
public readonly record struct Point2(double X, double Y);

/// <summary>
/// One flat shape of a scene. <see cref="Centre"/> is the centre of the shape's box (where it is
/// placed); <see cref="Centroid"/> is its area centroid, which is what relations compare and what
/// the checker measures from pixels.
/// </summary>
public sealed record SceneObject(
    ShapeKind Shape,
    string Colour,
    SizeClass Size,
    double HalfExtent,
    Point2 Centre,
    Point2 Centroid,
    Box Bbox);
