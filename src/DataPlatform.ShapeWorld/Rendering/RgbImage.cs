namespace DataPlatform.ShapeWorld.Rendering;

/// <summary>8-bit RGB pixels, row-major, 3 bytes a pixel: what the renderer writes and the checker reads.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"pixels must hold {width * height * 3} bytes for {width}x{height}, was {pixels.Length}", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public static RgbImage Of(Scenes.Scene scene) => new(scene.Width, scene.Height, Rasteriser.Render(scene));
}
