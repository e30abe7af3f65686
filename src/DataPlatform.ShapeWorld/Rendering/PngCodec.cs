using System.Runtime.InteropServices;
using DataPlatform.Core;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.ShapeWorld.Rendering;

/// <summary>
/// PNG encoding of rendered scenes (<see cref="PngWriter"/>; <see cref="EncodeWithImageSharp"/> is kept
/// as the reference the benchmark compares against) and decoding of images to score (ImageSharp 2.1).
/// </summary>
public static class PngCodec
{
    /// <summary>Largest image the scorer decodes, in pixels; bigger ones are refused before decoding.</summary>
    public const long MaxPixels = 4096L * 4096L;

    private static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestSpeed,
        FilterMethod = PngFilterMethod.Adaptive,
    };

    public static byte[] Encode(RgbImage image) => PngWriter.Encode(image);

    public static byte[] EncodeWithImageSharp(RgbImage image)
    {
        using var img = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        using var stream = new MemoryStream(image.Pixels.Length / 2 + 256);
        img.SaveAsPng(stream, Encoder);
        return stream.ToArray();
    }

    /// <summary>Decodes any format ImageSharp reads into RGB; refuses unreadable or oversized files with the path.</summary>
    public static RgbImage Decode(string path)
    {
        try
        {
            var info = Image.Identify(path)
                ?? throw new InvalidInputException($"{path}: not a recognised image format");
            if ((long)info.Width * info.Height > MaxPixels)
            {
                throw new InvalidInputException($"{path}: image is {info.Width}x{info.Height}, larger than the {MaxPixels} pixel limit");
            }
            using var img = Image.Load<Rgb24>(path);
            var pixels = new byte[img.Width * img.Height * 3];
            img.CopyPixelDataTo(MemoryMarshal.Cast<byte, Rgb24>(pixels.AsSpan()));
            return new RgbImage(img.Width, img.Height, pixels);
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or ImageFormatException)
        {
            throw new InvalidInputException($"{path}: cannot decode image: {ex.Message}", ex);
        }
    }
}
