using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>
/// An object the checker found in an image: colour, kind, size class, alpha-weighted centroid and pixel
/// box (pixels, y down), its pixel count, the fitted half extent and how well the chosen kind fitted
/// (mean absolute coverage error per unit of mass; about 0.1-0.3 on clean renders).
/// </summary>
public sealed record DetectedObject(
    ShapeKind Shape,
    string Colour,
    SizeClass Size,
    Point2 Centroid,
    Box Bbox,
    int Pixels,
    double HalfExtent,
    double FitError)
{
    public override string ToString() =>
        $"{Size.Name()} {Colour} {Shape.Name()} at ({Centroid.X:0.0}, {Centroid.Y:0.0}) h={HalfExtent:0.00} err={FitError:0.00}";
}
