using DataPlatform.ShapeWorld.Rendering;

namespace DataPlatform.Training.Generation;

/// <summary>
/// Images side by side in rows of <c>columns</c> cells, each cell as large as the largest image (smaller ones sit in
/// its top-left corner), separated and framed by a grey gutter: width = columns·cellW + (columns + 1)·gutter.
/// </summary>
public static class ImageGrid
{
    public const byte GutterGrey = 128;

    public static RgbImage Compose(IReadOnlyList<RgbImage> images, int columns, int gutter = 2)
    {
        if (images.Count == 0) throw new ArgumentException("a grid needs at least one image", nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gutter);
        columns = Math.Min(columns, images.Count);
        int rows = (images.Count + columns - 1) / columns;
        int cellW = images.Max(i => i.Width), cellH = images.Max(i => i.Height);
        int width = columns * cellW + (columns + 1) * gutter, height = rows * cellH + (rows + 1) * gutter;
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, GutterGrey);
        for (int n = 0; n < images.Count; n++)
        {
            var image = images[n];
            int left = gutter + n % columns * (cellW + gutter), top = gutter + n / columns * (cellH + gutter);
            int stride = image.Width * 3;
            for (int y = 0; y < image.Height; y++)
                Array.Copy(image.Pixels, y * stride, pixels, ((top + y) * width + left) * 3, stride);
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Composes the grid and writes it as a PNG (the folder is created); returns the grid.</summary>
    public static RgbImage Write(string path, IReadOnlyList<RgbImage> images, int columns, int gutter = 2)
    {
        var grid = Compose(images, columns, gutter);
        ImageFiles.WritePng(path, grid);
        return grid;
    }
}
