using DataPlatform.Core;

namespace DataPlatform.Ingest;

/// <summary>What to do with an animated image (GIF, APNG, WebP with several frames).</summary>
public enum AnimationPolicy
{
    /// <summary>Keep the first frame; the summary counts how many inputs were cut to one frame.</summary>
    FirstFrame,
    /// <summary>Refuse the input with reason <c>animated</c>.</summary>
    Refuse,
}

/// <summary>Encoding of the stored, bucket-sized image.</summary>
public enum StoredFormat
{
    /// <summary>Lossless PNG (default).</summary>
    Png,
    /// <summary>JPEG at <see cref="IngestOptions.JpegQuality"/>.</summary>
    Jpeg,
}

/// <summary>
/// Options of an ingest run. Every default is documented on its property; <see cref="Validate"/>
/// reports every invalid value at once.
/// </summary>
public sealed record IngestOptions
{
    /// <summary>Inputs larger than this are refused as <c>too_large</c> without being read (default 50 MB).</summary>
    public long MaxImageBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Headers declaring more pixels than this are refused as <c>too_many_pixels</c> before decoding (default 64 MP).</summary>
    public long MaxPixels { get; init; } = 64L * 1000 * 1000;

    /// <summary>Largest single buffer the decoder may allocate, in MB (default 1024); a bomb past it is refused, not allocated.</summary>
    public int DecoderAllocationLimitMb { get; init; } = 1024;

    /// <summary>Animated images: keep the first frame (default) or refuse as <c>animated</c>.</summary>
    public AnimationPolicy Animation { get; init; } = AnimationPolicy.FirstFrame;

    /// <summary>Caption length cap in characters after normalisation (default 1000); longer is <c>caption_too_long</c>.</summary>
    public int MaxCaptionChars { get; init; } = 1000;

    /// <summary>Bucket target sides: 256 means a 256x256-pixel area (default 256). See <see cref="Buckets.BucketPlanner"/>.</summary>
    public IReadOnlyList<int> TargetSides { get; init; } = [256];

    /// <summary>Both sides of every stored image are multiples of this (default 16).</summary>
    public int TokenSize { get; init; } = 16;

    /// <summary>Widest and tallest aspect ratio of the bucket set, as width/height (defaults 4 and 1/4).</summary>
    public double MaxAspectRatio { get; init; } = 4.0;

    /// <summary>Smallest stored side in pixels (default 16); a smaller image is <c>too_small</c>.</summary>
    public int MinSide { get; init; } = 16;

    /// <summary>Decode workers (default: the processor count).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Capacity of each bounded channel between the stages (default 4 per worker).</summary>
    public int QueueCapacity { get; init; } = 4 * Environment.ProcessorCount;

    /// <summary>Encoding of stored images (default PNG, lossless).</summary>
    public StoredFormat Format { get; init; } = StoredFormat.Png;

    /// <summary>JPEG quality 1-100 when <see cref="Format"/> is JPEG (default 90).</summary>
    public int JpegQuality { get; init; } = 90;

    /// <summary>
    /// zlib level 1-9 for PNG (default 1). Measured here on 256² images with photo-like noise: level 1
    /// encodes ~10x faster than level 6 (ImageSharp's managed deflate) for ~13% larger files; both lossless.
    /// </summary>
    public int PngCompressionLevel { get; init; } = 1;

    /// <summary>Refuse images within <see cref="NearDuplicateDistance"/> of a stored one as <c>near_duplicate</c> (default off).</summary>
    public bool DropNearDuplicates { get; init; }

    /// <summary>Largest pHash Hamming distance that counts as a near duplicate (default 4 of 64 bits).</summary>
    public int NearDuplicateDistance { get; init; } = 4;

    public void Validate(Validation v, string prefix = "ingest")
    {
        v.AtLeast($"{prefix}.max_image_bytes", MaxImageBytes, 1);
        v.AtLeast($"{prefix}.max_pixels", MaxPixels, 1);
        v.AtLeast($"{prefix}.decoder_allocation_limit_mb", DecoderAllocationLimitMb, 16);
        v.AtLeast($"{prefix}.max_caption_chars", MaxCaptionChars, 1);
        v.AtLeast($"{prefix}.token_size", TokenSize, 1);
        v.AtLeast($"{prefix}.max_aspect_ratio", MaxAspectRatio, 1.0);
        v.AtLeast($"{prefix}.min_side", MinSide, 1);
        v.AtLeast($"{prefix}.workers", Workers, 1);
        v.AtLeast($"{prefix}.queue_capacity", QueueCapacity, 1);
        v.InRange($"{prefix}.jpeg_quality", JpegQuality, 1, 100);
        v.InRange($"{prefix}.png_compression_level", PngCompressionLevel, 1, 9);
        v.InRange($"{prefix}.near_duplicate_distance", NearDuplicateDistance, 0, 63);
        if (TargetSides.Count == 0) v.Add($"{prefix}.target_sides must not be empty");
        foreach (var side in TargetSides)
        {
            v.AtLeast($"{prefix}.target_sides[]", side, Math.Max(1, TokenSize));
            if (TokenSize > 0) v.MultipleOf($"{prefix}.target_sides[]", side, TokenSize);
        }
        if (MinSide > 0 && TokenSize > 0 && MinSide < TokenSize)
            v.Add($"{prefix}.min_side must be at least token_size ({TokenSize}), was {MinSide}");
    }

    /// <summary>Validates and throws a <see cref="ConfigException"/> listing every failure.</summary>
    public IngestOptions Validated()
    {
        var v = new Validation();
        Validate(v);
        v.ThrowIfInvalid();
        return this;
    }
}
