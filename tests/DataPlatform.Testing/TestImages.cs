using System.Buffers.Binary;
using System.IO.Hashing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Testing;

/// <summary>
/// Real encoded test images made in memory: a seeded pattern (so different seeds give perceptually
/// different images), special pixel formats, EXIF orientation, animation, and the hostile variants
/// ingest must refuse.
/// </summary>
public static class TestImages
{
    /// <summary>A seeded pattern of coloured blocks over a gradient; different seeds look different.</summary>
    public static Image<Rgb24> Pattern(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        var blocks = Enumerable.Range(0, 6).Select(_ => (
            X: rng.Next(width), Y: rng.Next(height), W: 1 + rng.Next(Math.Max(1, width / 2)), H: 1 + rng.Next(Math.Max(1, height / 2)),
            C: new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)))).ToArray();
        var (gx, gy) = (rng.Next(2), rng.Next(2));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var g = (byte)(255 * (gx == 1 ? x : width - 1 - x) / Math.Max(1, width - 1) / 2 + 255 * (gy == 1 ? y : height - 1 - y) / Math.Max(1, height - 1) / 2);
                    row[x] = new Rgb24(g, g, g);
                    foreach (var b in blocks)
                    {
                        if (x >= b.X && x < b.X + b.W && y >= b.Y && y < b.Y + b.H) row[x] = b.C;
                    }
                }
            }
        });
        return image;
    }

    public static byte[] Jpeg(int width, int height, int seed = 1, int quality = 90)
    {
        using var image = Pattern(width, height, seed);
        return Encode(image, new JpegEncoder { Quality = quality });
    }

    public static byte[] Png(int width, int height, int seed = 1)
    {
        using var image = Pattern(width, height, seed);
        return Encode(image, new PngEncoder());
    }

    /// <summary>A JPEG whose stored pixels are <paramref name="width"/> x <paramref name="height"/>, left half red, right half blue, with an EXIF orientation tag.</summary>
    public static byte[] JpegWithOrientation(int width, int height, ushort orientation)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++) row[x] = x < width / 2 ? new Rgb24(255, 0, 0) : new Rgb24(0, 0, 255);
            }
        });
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Encode(image, new JpegEncoder { Quality = 95 });
    }

    /// <summary>8-bit greyscale PNG of one grey level.</summary>
    public static byte[] GrayPng(int width, int height, byte level)
    {
        using var image = new Image<L8>(width, height, new L8(level));
        return Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
    }

    /// <summary>16-bit-per-channel RGB PNG of one colour.</summary>
    public static byte[] Png16(int width, int height, ushort r, ushort g, ushort b)
    {
        using var image = new Image<Rgb48>(width, height, new Rgb48(r, g, b));
        return Encode(image, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 });
    }

    /// <summary>RGBA PNG: left half fully transparent black, right half opaque green.</summary>
    public static byte[] TransparentPng(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++) row[x] = x < width / 2 ? new Rgba32(0, 0, 0, 0) : new Rgba32(0, 200, 0, 255);
            }
        });
        return Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
    }

    /// <summary>A 32x16 CMYK JPEG (Adobe APP14) of a red (200, 30, 30), written once by libvips 8.14.</summary>
    public static byte[] CmykJpeg() => Convert.FromBase64String(
        "/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/8AAFAgAEAAgBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwD9+K/F+vx3r9kKKKKKKKKKKKKKKKKKKKKKKKKKKKKK/9k=");

    /// <summary>An animated GIF; frame i is a solid colour from a fixed list.</summary>
    public static byte[] AnimatedGif(int width, int height, int frames)
    {
        Rgba32[] colours = [new(255, 0, 0), new(0, 255, 0), new(0, 0, 255), new(255, 255, 0)];
        using var image = new Image<Rgba32>(width, height, colours[0]);
        for (var i = 1; i < frames; i++)
        {
            using var frame = new Image<Rgba32>(width, height, colours[i % colours.Length]);
            image.Frames.AddFrame(frame.Frames.RootFrame);
        }
        return Encode(image, new GifEncoder());
    }

    /// <summary>A syntactically valid PNG header (signature + IHDR with a correct CRC) claiming a size, with no pixel data.</summary>
    public static byte[] PngHeaderClaiming(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(ms, "IHDR", ihdr);
        WriteChunk(ms, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>A JPEG cut in the middle of its entropy-coded data.</summary>
    public static byte[] TruncatedJpeg(int width = 128, int height = 96, int seed = 3)
    {
        var jpeg = Jpeg(width, height, seed);
        return jpeg[..(jpeg.Length * 2 / 3)];
    }

    /// <summary>A PNG whose compressed pixel data (IDAT) is overwritten with garbage.</summary>
    public static byte[] CorruptPng(int width = 64, int height = 64, int seed = 4)
    {
        var png = Png(width, height, seed);
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        for (var i = idat + 4; i < Math.Min(png.Length - 12, idat + 64); i++) png[i] = (byte)(i * 37);
        return png;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        stream.Write(header);
        stream.Write(data);
        var crc = new Crc32();
        crc.Append(header.AsSpan(4));
        crc.Append(data);
        var crcBytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc.GetCurrentHashAsUInt32());
        stream.Write(crcBytes);
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var ms = new MemoryStream();
        image.Save(ms, encoder);
        return ms.ToArray();
    }
}
