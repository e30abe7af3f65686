using DataPlatform.Core;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Curation;

/// <summary>Stored image bytes (PNG or JPEG at bucket size) -> RGB floats in [-1, 1], channel-major (3, H, W).</summary>
public static class ImageDecoding
{
    /// <summary>Decodes into <paramref name="destination"/> (3·H·W floats); the stored size must equal the bucket.</summary>
    public static void DecodeInto(byte[] encoded, int height, int width, Span<float> destination, string sampleId)
    {
        Image<Rgb24> image;
        try
        {
            image = Image.Load<Rgb24>(encoded);
        }
        catch (Exception ex) when (ex is ImageFormatException or UnknownImageFormatException or InvalidImageContentException)
        {
            throw new InvalidInputException($"sample {sampleId}: stored image cannot be decoded: {ex.Message}", ex);
        }
        using (image)
        {
            if (image.Height != height || image.Width != width)
                throw new InvalidInputException($"sample {sampleId}: stored image is {image.Width}x{image.Height}, its bucket says {width}x{height}");
            int plane = height * width;
            var rgb = System.Buffers.ArrayPool<Rgb24>.Shared.Rent(plane);
            try
            {
                image.CopyPixelDataTo(rgb.AsSpan(0, plane));
                for (int i = 0; i < plane; i++)
                {
                    destination[i] = rgb[i].R / 127.5f - 1f;
                    destination[plane + i] = rgb[i].G / 127.5f - 1f;
                    destination[2 * plane + i] = rgb[i].B / 127.5f - 1f;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<Rgb24>.Shared.Return(rgb);
            }
        }
    }
}
