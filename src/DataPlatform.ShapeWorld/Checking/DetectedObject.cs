using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>The geometry measured on one connected component (binary mask: alpha at least the threshold).</summary>
/// <param name="Area">Pixel count.</param>
/// <param name="Fill">Area over bounding-box area.</param>
/// <param name="Solidity">Area over the area of the convex hull of the pixels' corners.</param>
/// <param name="TopFraction">Share of the area above the bounding box's middle row line.</param>
public sealed record ShapeFeatures(int Area, double Fill, double Solidity, double TopFraction);

/// <summary>An object the checker found in an image: colour, kind, size class, centroid and box (pixels, y down).</summary>
public sealed record DetectedObject(
    ShapeKind Shape,
    string Colour,
    SizeClass Size,
    Point2 Centroid,
    Box Bbox,
    ShapeFeatures Features);
