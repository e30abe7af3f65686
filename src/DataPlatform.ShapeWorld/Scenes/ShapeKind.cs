namespace DataPlatform.ShapeWorld.Scenes;

/// <summary>
/// The five object kinds. Each has distinct geometry at 32x32 (see <see cref="Rendering.ShapeGeometry"/>):
/// fill of the bounding box, solidity (area over convex hull) and top/bottom mass balance tell them apart.
/// The order is the Zipf rank order: the first kind is the most frequent.
/// </summary>
public enum ShapeKind
{
    Circle,
    Square,
    Triangle,
    Star,
    Diamond,
}

/// <summary>Names of <see cref="ShapeKind"/> as they appear in captions, prompts and JSON.</summary>
public static class ShapeKinds
{
    public static IReadOnlyList<ShapeKind> All { get; } = Enum.GetValues<ShapeKind>();

    public static string Name(this ShapeKind kind) => kind switch
    {
        ShapeKind.Circle => "circle",
        ShapeKind.Square => "square",
        ShapeKind.Triangle => "triangle",
        ShapeKind.Star => "star",
        ShapeKind.Diamond => "diamond",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown shape kind"),
    };

    public static string Plural(this ShapeKind kind) => kind.Name() + "s";

    /// <summary>Parses a caption name ("circle"); null when it is not a shape name.</summary>
    public static ShapeKind? TryParse(string name)
    {
        foreach (var kind in All)
        {
            if (string.Equals(kind.Name(), name, StringComparison.OrdinalIgnoreCase)) return kind;
        }
        return null;
    }
}
