namespace DataPlatform.ShapeWorld.Scenes;

/// <summary>An sRGB colour with its caption name.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public double DistanceSquared(Rgb other)
    {
        double dr = R - other.R, dg = G - other.G, db = B - other.B;
        return dr * dr + dg * dg + db * db;
    }
}

/// <summary>A named object colour of the palette.</summary>
public sealed record ShapeColour(string Name, Rgb Rgb);

/// <summary>
/// The fixed palette: eight saturated colours far apart from each other, from the light backgrounds,
/// and from the blend line between any other colour and the background (so anti-aliased edges of
/// red are never taken for pink). The order is the Zipf rank order: the first colour is the most frequent.
/// </summary>
public static class Palette
{
    public static IReadOnlyList<ShapeColour> Colours { get; } =
    [
        new("red", new Rgb(220, 30, 30)),
        new("blue", new Rgb(30, 70, 220)),
        new("green", new Rgb(20, 160, 40)),
        new("yellow", new Rgb(240, 200, 0)),
        new("purple", new Rgb(130, 40, 170)),
        new("orange", new Rgb(245, 120, 0)),
        new("cyan", new Rgb(0, 180, 200)),
        new("pink", new Rgb(240, 80, 180)),
    ];

    /// <summary>Light background tones; every scene uses one of them, plain. Their names share no word with a colour's.</summary>
    public static IReadOnlyList<(string Name, Rgb Rgb)> Backgrounds { get; } =
    [
        ("white", new Rgb(245, 245, 242)),
        ("light grey", new Rgb(228, 228, 228)),
        ("cream", new Rgb(246, 240, 224)),
        ("silver", new Rgb(232, 236, 240)),
    ];

    public static ShapeColour? TryFind(string name)
    {
        foreach (var colour in Colours)
        {
            if (string.Equals(colour.Name, name, StringComparison.OrdinalIgnoreCase)) return colour;
        }
        return null;
    }

    public static int IndexOf(string name)
    {
        for (var i = 0; i < Colours.Count; i++)
        {
            if (string.Equals(Colours[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }
}
