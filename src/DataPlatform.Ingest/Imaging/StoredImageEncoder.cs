using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Ingest.Imaging;

/// <summary>Encodes the bucket-sized image for the lake: 8-bit RGB PNG (lossless, default) or JPEG.</summary>
public sealed class StoredImageEncoder
{
    private readonly IImageEncoder _encoder;

    public StoredImageEncoder(IngestOptions options)
    {
        var (encoder, name) = options.Format switch
        {
            StoredFormat.Png => ((IImageEncoder)new PngEncoder
            {
                ColorType = PngColorType.Rgb,
                BitDepth = PngBitDepth.Bit8,
                CompressionLevel = (PngCompressionLevel)options.PngCompressionLevel,
                // One filter for every row: as small as adaptive filtering on our images, ~40% faster.
                FilterMethod = PngFilterMethod.Paeth,
            }, "png"),
            StoredFormat.Jpeg => (new JpegEncoder { Quality = options.JpegQuality, ColorType = JpegColorType.YCbCrRatio420 }, "jpeg"),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "unknown stored format"),
        };
        _encoder = encoder;
        FormatName = name;
    }

    /// <summary>The value of the <c>image_format</c> column: <c>png</c> or <c>jpeg</c>.</summary>
    public string FormatName { get; }

    public byte[] Encode(Image<Rgb24> image)
    {
        // Metadata (EXIF with the old orientation, ICC) is not stored: the pixels are already upright sRGB.
        image.Metadata.ExifProfile = null;
        image.Metadata.IccProfile = null;
        using var buffer = new MemoryStream();
        image.Save(buffer, _encoder);
        return buffer.ToArray();
    }
}
