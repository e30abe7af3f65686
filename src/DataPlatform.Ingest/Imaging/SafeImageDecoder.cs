using DataPlatform.Core;
using DataPlatform.Ingest.Sources;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DataPlatform.Ingest.Imaging;

/// <summary>
/// Decodes untrusted image bytes, treating every input as hostile (STACK-NOTES I2, I3): the header is
/// identified first (unknown format, declared pixel count over the limit: refused before any pixel
/// buffer exists), GIFs have their frames counted from the block structure and only the first frame
/// is ever decoded, the decoder's allocator has a per-allocation limit, truncated JPEGs are caught,
/// and the result is normalised to upright 8-bit RGB. Thread-safe; one instance serves all workers.
/// </summary>
public sealed class SafeImageDecoder
{
    private readonly Configuration _config;
    private readonly IngestOptions _options;

    public SafeImageDecoder(IngestOptions options)
    {
        _options = options;
        _config = Configuration.Default.Clone();
        _config.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = options.DecoderAllocationLimitMb,
            MaximumPoolSizeMegabytes = 64,
        });
        // Parallelism comes from the ingest workers; one thread per image avoids oversubscription.
        _config.MaxDegreeOfParallelism = 1;
        _config.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = SixLabors.ImageSharp.Metadata.FrameDecodingMode.First });
    }

    /// <summary>The ImageSharp configuration (allocator with limits, single-threaded) for all image work of a run.</summary>
    public Configuration Configuration => _config;

    /// <summary>Decodes and normalises; throws <see cref="ItemRejectedException"/> with the precise reason.</summary>
    public DecodedImage Decode(byte[] bytes, string where)
    {
        var (format, info) = Identify(bytes, where);
        var name = format.Name.ToLowerInvariant();
        var pixels = (long)info.Width * info.Height;
        if (pixels > _options.MaxPixels)
            throw new ItemRejectedException(RejectReason.TooManyPixels,
                $"{where}: {name} header declares {info.Width}x{info.Height} = {pixels} pixels, the limit is {_options.MaxPixels}");
        if (info.Width <= 0 || info.Height <= 0)
            throw new ItemRejectedException(RejectReason.CorruptImage, $"{where}: {name} header declares {info.Width}x{info.Height}");
        if (format is JpegFormat && !JpegIntegrity.HasEndAfterLastScan(bytes))
            throw new ItemRejectedException(RejectReason.CorruptImage, $"{where}: JPEG is truncated (no end-of-image marker after the last scan)");

        var framesDropped = 0;
        if (format is GifFormat)
        {
            var frames = GifFrames.Count(bytes);
            if (frames > 1 && _options.Animation == AnimationPolicy.Refuse)
                throw new ItemRejectedException(RejectReason.Animated, $"{where}: animated GIF with {frames} frames refused by policy");
            framesDropped = Math.Max(0, frames - 1);
        }

        Image<Rgb24> rgb;
        try
        {
            rgb = HasAlpha(format) ? LoadOverWhite(bytes, ref framesDropped, where) : Load<Rgb24>(bytes, ref framesDropped, where);
            rgb.Mutate(x => x.AutoOrient());
        }
        catch (ItemRejectedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidImageContentException or InvalidMemoryOperationException
                                       or NotSupportedException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            var reason = ex is InvalidMemoryOperationException || ex.InnerException is InvalidMemoryOperationException
                ? RejectReason.TooManyPixels
                : RejectReason.CorruptImage;
            throw new ItemRejectedException(reason, $"{where}: {name} could not be decoded: {ex.GetType().Name}: {ex.Message}");
        }
        return new DecodedImage(rgb, name, framesDropped);
    }

    private (IImageFormat Format, IImageInfo Info) Identify(byte[] bytes, string where)
    {
        IImageFormat? format;
        IImageInfo? info;
        try
        {
            info = Image.Identify(_config, bytes, out format);
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidImageContentException or NotSupportedException
                                       or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new ItemRejectedException(RejectReason.CorruptImage, $"{where}: header could not be read: {ex.GetType().Name}: {ex.Message}");
        }
        if (format is null || info is null)
            throw new ItemRejectedException(RejectReason.UnknownFormat,
                $"{where}: {bytes.Length} bytes starting {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))} match no supported image format");
        return (format, info);
    }

    /// <summary>
    /// JPEG never carries alpha. ImageSharp 2.1's header info does not say reliably whether a PNG, GIF,
    /// WebP, TGA or TIFF has transparency (tRNS, palettes), so those are always decoded with alpha.
    /// </summary>
    private static bool HasAlpha(IImageFormat format) => format is not JpegFormat;

    private Image<TPixel> Load<TPixel>(byte[] bytes, ref int framesDropped, string where) where TPixel : unmanaged, IPixel<TPixel>
    {
        var image = Image.Load<TPixel>(_config, bytes);
        if (image.Frames.Count > 1)
        {
            if (_options.Animation == AnimationPolicy.Refuse)
            {
                var count = image.Frames.Count;
                image.Dispose();
                throw new ItemRejectedException(RejectReason.Animated, $"{where}: animated image with {count} frames refused by policy");
            }
            framesDropped = Math.Max(framesDropped, image.Frames.Count - 1);
            while (image.Frames.Count > 1) image.Frames.RemoveFrame(1);
        }
        return image;
    }

    private Image<Rgb24> LoadOverWhite(byte[] bytes, ref int framesDropped, string where)
    {
        using var rgba = Load<Rgba32>(bytes, ref framesDropped, where);
        var rgb = new Image<Rgb24>(_config, rgba.Width, rgba.Height);
        rgb.Metadata.ExifProfile = rgba.Metadata.ExifProfile?.DeepClone();
        rgba.ProcessPixelRows(rgb, (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                var from = source.GetRowSpan(y);
                var to = target.GetRowSpan(y);
                for (var x = 0; x < from.Length; x++)
                {
                    var p = from[x];
                    var a = p.A;
                    var inv = 255 - a;
                    to[x] = new Rgb24(
                        (byte)((p.R * a + 255 * inv + 127) / 255),
                        (byte)((p.G * a + 255 * inv + 127) / 255),
                        (byte)((p.B * a + 255 * inv + 127) / 255));
                }
            }
        });
        return rgb;
    }
}
