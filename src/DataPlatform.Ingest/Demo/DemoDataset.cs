using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Ingest.Demo;

/// <summary>
/// Writes a small demo source folder so <c>dp ingest</c> works with no data at hand: images of one or two
/// flat coloured shapes on a light background (sizes from 48x48 to 1024x768, JPEG and PNG) with
/// <c>.txt</c> captions ("a small red circle left of a large blue square"), plus a few hostile files
/// (a truncated JPEG, a text file named .jpg, an empty file, a PNG header claiming 50000x50000, an
/// image without caption, a caption that is not UTF-8) that ingest must refuse. Deterministic for a seed.
/// A richer generator with long tails lives in DataPlatform.ShapeWorld.
/// </summary>
public static class DemoDataset
{
    private static readonly (int W, int H)[] Sizes = [(48, 48), (64, 64), (96, 64), (64, 128), (320, 240), (512, 512), (640, 360), (1024, 768)];

    /// <summary>Writes <paramref name="count"/> good pairs (and, if asked, the hostile files) into <paramref name="folder"/>; returns the number of files written.</summary>
    public static int Write(string folder, int count, Random random, bool hostile = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Directory.CreateDirectory(folder);
        var files = 0;
        for (var i = 0; i < count; i++)
        {
            var (w, h) = Sizes[random.Next(Sizes.Length)];
            using var image = new Image<Rgb24>(w, h, new Rgb24((byte)random.Next(225, 256), (byte)random.Next(225, 256), (byte)random.Next(225, 256)));
            var caption = PaintScene(image, random);
            var name = $"demo-{i:D6}";
            var png = random.Next(3) == 0;
            image.Save(Path.Combine(folder, name + (png ? ".png" : ".jpg")), png ? new PngEncoder() : new JpegEncoder { Quality = 90 });
            File.WriteAllText(Path.Combine(folder, name + ".txt"), caption);
            files += 2;
        }
        if (hostile) files += WriteHostile(folder);
        return files;
    }

    /// <summary>
    /// Writes <paramref name="count"/> JPEGs of <paramref name="width"/> x <paramref name="height"/> with captions for
    /// benchmarks: a shape scene over a gradient with pixel noise, so the JPEGs carry photo-like entropy.
    /// </summary>
    public static void WriteJpegs(string folder, int count, int width, int height, Random random, int quality = 90)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
        {
            using var image = new Image<Rgb24>(width, height);
            var noise = new byte[width * 3];
            var (r0, g0, b0) = (random.Next(120, 256), random.Next(120, 256), random.Next(120, 256));
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    random.NextBytes(noise);
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        var shade = (x + y) * 60 / (width + height);
                        row[x] = new Rgb24(
                            (byte)Math.Clamp(r0 - shade + (noise[3 * x] & 15) - 8, 0, 255),
                            (byte)Math.Clamp(g0 - shade + (noise[3 * x + 1] & 15) - 8, 0, 255),
                            (byte)Math.Clamp(b0 - shade + (noise[3 * x + 2] & 15) - 8, 0, 255));
                    }
                }
            });
            var caption = PaintScene(image, random);
            var name = $"bench-{i:D6}";
            image.SaveAsJpeg(Path.Combine(folder, name + ".jpg"), new JpegEncoder { Quality = quality });
            File.WriteAllText(Path.Combine(folder, name + ".txt"), caption);
        }
    }

    private static string PaintScene(Image<Rgb24> image, Random random)
    {
        var side = Math.Min(image.Width, image.Height);
        var two = random.Next(2) == 0;
        var a = Pick(random);
        if (!two)
        {
            var r = side * (a.Large ? 0.4 : 0.2);
            DemoShapes.Paint(image, a.Kind, image.Width / 2.0, image.Height / 2.0, r, a.Colour);
            return $"a {a.Size} {a.ColourName} {a.Kind}";
        }
        var b = Pick(random);
        var horizontal = image.Width >= image.Height;
        var (ra, rb) = (side * (a.Large ? 0.22 : 0.12), side * (b.Large ? 0.22 : 0.12));
        if (horizontal)
        {
            DemoShapes.Paint(image, a.Kind, image.Width * 0.28, image.Height / 2.0, ra, a.Colour);
            DemoShapes.Paint(image, b.Kind, image.Width * 0.72, image.Height / 2.0, rb, b.Colour);
            return $"a {a.Size} {a.ColourName} {a.Kind} left of a {b.Size} {b.ColourName} {b.Kind}";
        }
        DemoShapes.Paint(image, a.Kind, image.Width / 2.0, image.Height * 0.28, ra, a.Colour);
        DemoShapes.Paint(image, b.Kind, image.Width / 2.0, image.Height * 0.72, rb, b.Colour);
        return $"a {a.Size} {a.ColourName} {a.Kind} above a {b.Size} {b.ColourName} {b.Kind}";
    }

    private static (string Kind, string ColourName, Rgb24 Colour, bool Large, string Size) Pick(Random random)
    {
        var (name, colour) = DemoShapes.Palette[random.Next(DemoShapes.Palette.Length)];
        var large = random.Next(2) == 0;
        return (DemoShapes.Kinds[random.Next(DemoShapes.Kinds.Length)], name, colour, large, large ? "large" : "small");
    }

    private static int WriteHostile(string folder)
    {
        using var image = new Image<Rgb24>(200, 150, new Rgb24(240, 240, 240));
        DemoShapes.Paint(image, "circle", 100, 75, 50, DemoShapes.Palette[0].Colour);
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        var jpeg = ms.ToArray();
        void Pair(string name, byte[] bytes, byte[]? caption)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
            if (caption is not null) File.WriteAllBytes(Path.Combine(folder, Path.ChangeExtension(name, ".txt")), caption);
        }
        var text = Encoding.UTF8.GetBytes("a red circle");
        Pair("hostile-truncated.jpg", jpeg[..(jpeg.Length / 2)], text);
        Pair("hostile-text.jpg", Encoding.UTF8.GetBytes("this is a text file, not a JPEG\n"), text);
        Pair("hostile-empty.jpg", [], text);
        Pair("hostile-bomb.png", PngBombHeader(50000, 50000), text);
        Pair("hostile-no-caption.jpg", jpeg, null);
        Pair("hostile-latin1.jpg", jpeg, [0x61, 0x20, 0x72, 0xE9, 0x64, 0x20, 0x63, 0x69, 0x72, 0x63, 0x6C, 0x65]);
        return 11;
    }

    /// <summary>A PNG signature and IHDR (valid CRC) declaring a huge size, with no real pixel data.</summary>
    private static byte[] PngBombHeader(int width, int height)
    {
        var ihdr = new byte[17];
        "IHDR"u8.CopyTo(ihdr);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(8), height);
        ihdr[12] = 8;
        ihdr[13] = 2;
        var crc = System.IO.Hashing.Crc32.HashToUInt32(ihdr);
        var bytes = new List<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);
        bytes.AddRange(ihdr);
        bytes.AddRange([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
        bytes.AddRange([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]);
        return [.. bytes];
    }
}
