namespace DataPlatform.Core;

/// <summary>
/// One image-caption pair as stored in a lake shard (one Parquet row). Column names and meanings are
/// documented in <c>schemas/sample.md</c>; the Parquet column names are the snake_case forms of these
/// property names. Scores that change over time (critic, weights) never live here: they are separate
/// tables keyed by <see cref="SampleId"/>.
/// </summary>
public sealed record SampleRecord
{
    /// <summary>Lower-case hex SHA-256 over the original image bytes and the normalised caption (see <see cref="SampleIds"/>).</summary>
    public required string SampleId { get; init; }

    /// <summary>Lower-case hex SHA-256 of the original (source) image bytes.</summary>
    public required string ImageSha256 { get; init; }

    /// <summary>64-bit perceptual hash (DCT pHash) of the decoded image, for near-duplicate search.</summary>
    public required long Phash { get; init; }

    /// <summary>The validated, normalised caption.</summary>
    public required string Caption { get; init; }

    /// <summary>Where the caption came from: <c>txt</c>, <c>caption</c>, <c>json</c>, <c>manifest</c>, <c>tar</c>...</summary>
    public required string CaptionSource { get; init; }

    /// <summary>Where the image came from (path relative to the source, URI, or tar member).</summary>
    public required string SourceUri { get; init; }

    public required int OrigWidth { get; init; }
    public required int OrigHeight { get; init; }

    /// <summary>Detected container format of the source image: <c>jpeg</c>, <c>png</c>, <c>gif</c>, <c>webp</c>, <c>bmp</c>, <c>tiff</c>...</summary>
    public required string OrigFormat { get; init; }

    /// <summary>Stored image height in pixels (the resolution bucket, or the native size on the token grid).</summary>
    public required int BucketH { get; init; }

    /// <summary>Stored image width in pixels.</summary>
    public required int BucketW { get; init; }

    /// <summary>Rows cut from the top of the resized-to-cover image by the centre crop.</summary>
    public required int CropTop { get; init; }

    /// <summary>Columns cut from the left of the resized-to-cover image by the centre crop.</summary>
    public required int CropLeft { get; init; }

    /// <summary>The image encoded at bucket size (<see cref="ImageFormat"/>).</summary>
    public required byte[] Image { get; init; }

    /// <summary>Encoding of <see cref="Image"/>: <c>png</c> (lossless) or <c>jpeg</c>.</summary>
    public required string ImageFormat { get; init; }

    /// <summary>Concept tags found in the caption (vocabulary terms, case and plural folded), sorted, distinct.</summary>
    public required IReadOnlyList<string> Concepts { get; init; }

    /// <summary>The ingest run that wrote this row.</summary>
    public required string IngestRun { get; init; }

    public required DateTimeOffset IngestedAt { get; init; }

    public int SchemaVersion { get; init; } = LakeSchema.Version;
}
