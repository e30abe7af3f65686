using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Ingest.Demo;

/// <summary>Paints flat shapes (circle, square, triangle, diamond) into an RGB image; just enough for the demo dataset.</summary>
internal static class DemoShapes
{
    public static readonly (string Name, Rgb24 Colour)[] Palette =
    [
        ("red", new Rgb24(220, 40, 40)), ("green", new Rgb24(40, 170, 60)), ("blue", new Rgb24(40, 80, 220)),
        ("yellow", new Rgb24(235, 200, 30)), ("purple", new Rgb24(140, 60, 180)), ("orange", new Rgb24(245, 140, 30)),
    ];

    public static readonly string[] Kinds = ["circle", "square", "triangle", "diamond"];

    /// <summary>Fills the shape centred at (cx, cy) with half-size r.</summary>
    public static void Paint(Image<Rgb24> image, string kind, double cx, double cy, double r, Rgb24 colour)
    {
        image.ProcessPixelRows(rows =>
        {
            var y0 = Math.Max(0, (int)(cy - r));
            var y1 = Math.Min(rows.Height - 1, (int)(cy + r));
            for (var y = y0; y <= y1; y++)
            {
                var row = rows.GetRowSpan(y);
                var x0 = Math.Max(0, (int)(cx - r));
                var x1 = Math.Min(row.Length - 1, (int)(cx + r));
                for (var x = x0; x <= x1; x++)
                {
                    if (Inside(kind, (x + 0.5 - cx) / r, (y + 0.5 - cy) / r)) row[x] = colour;
                }
            }
        });
    }

    private static bool Inside(string kind, double u, double v) => kind switch
    {
        "circle" => u * u + v * v <= 1,
        "square" => Math.Abs(u) <= 0.85 && Math.Abs(v) <= 0.85,
        "triangle" => v <= 0.8 && v >= -0.9 && Math.Abs(u) <= (v + 0.9) / 1.7,
        "diamond" => Math.Abs(u) + Math.Abs(v) <= 1,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown shape"),
    };
}
