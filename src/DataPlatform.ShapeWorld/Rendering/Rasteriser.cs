using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Rendering;

/// <summary>
/// Renders a scene to 8-bit RGB pixels (row-major, 3 bytes a pixel). Anti-aliasing is analytic:
/// a pixel's coverage is clamp(0.5 - d, 0, 1) where d is the signed distance in pixels from the pixel
/// centre to the outline, and the colour is blended over the background in sRGB. Objects never
/// overlap, so each blends over the plain background.
/// </summary>
public static class Rasteriser
{
    public static byte[] Render(Scene scene)
    {
        var pixels = new byte[scene.Width * scene.Height * 3];
        Render(scene, pixels);
        return pixels;
    }

    public static void Render(Scene scene, Span<byte> pixels)
    {
        int width = scene.Width, height = scene.Height;
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"pixel buffer must hold {width * height * 3} bytes, was {pixels.Length}", nameof(pixels));
        }
        var bg = scene.BackgroundRgb;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = bg.R;
            pixels[i + 1] = bg.G;
            pixels[i + 2] = bg.B;
        }
        foreach (var obj in scene.Objects)
        {
            var colour = Palette.TryFind(obj.Colour)?.Rgb
                ?? throw new ArgumentException($"scene object colour '{obj.Colour}' is not in the palette", nameof(scene));
            Draw(pixels, width, height, obj, colour);
        }
    }

    private static void Draw(Span<byte> pixels, int width, int height, SceneObject obj, Rgb colour)
    {
        var h = obj.HalfExtent;
        var x0 = Math.Max(0, (int)Math.Floor(obj.Bbox.X0) - 1);
        var x1 = Math.Min(width - 1, (int)Math.Ceiling(obj.Bbox.X1) + 1);
        var y0 = Math.Max(0, (int)Math.Floor(obj.Bbox.Y0) - 1);
        var y1 = Math.Min(height - 1, (int)Math.Ceiling(obj.Bbox.Y1) + 1);
        for (var y = y0; y <= y1; y++)
        {
            var ry = (y + 0.5 - obj.Centre.Y) / h;
            for (var x = x0; x <= x1; x++)
            {
                var rx = (x + 0.5 - obj.Centre.X) / h;
                var distance = ShapeGeometry.SignedDistance(obj.Shape, rx, ry) * h;
                var alpha = Math.Clamp(0.5 - distance, 0, 1);
                if (alpha <= 0) continue;
                var i = (y * width + x) * 3;
                pixels[i] = Blend(pixels[i], colour.R, alpha);
                pixels[i + 1] = Blend(pixels[i + 1], colour.G, alpha);
                pixels[i + 2] = Blend(pixels[i + 2], colour.B, alpha);
            }
        }
    }

    private static byte Blend(byte under, byte over, double alpha) =>
        (byte)Math.Round(under + (over - under) * alpha, MidpointRounding.AwayFromZero);
}
