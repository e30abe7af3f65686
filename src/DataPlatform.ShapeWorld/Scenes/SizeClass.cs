namespace DataPlatform.ShapeWorld.Scenes;

/// <summary>The two object sizes, relative to the canvas's shorter side (see <see cref="SceneGeometry"/>).</summary>
public enum SizeClass
{
    Small,
    Large,
}

public static class SizeClasses
{
    public static string Name(this SizeClass size) => size == SizeClass.Small ? "small" : "large";

    public static SizeClass? TryParse(string name) => name.ToLowerInvariant() switch
    {
        "small" => SizeClass.Small,
        "large" => SizeClass.Large,
        _ => null,
    };
}
