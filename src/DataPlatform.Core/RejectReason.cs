namespace DataPlatform.Core;

/// <summary>
/// Why an input was refused. Stored as the snake_case name (<see cref="RejectReasons.Code"/>) so the
/// values are stable across versions; never renumber or rename a member.
/// </summary>
public enum RejectReason
{
    /// <summary>The image file could not be read (permissions, vanished, I/O error).</summary>
    Unreadable,
    /// <summary>Zero bytes.</summary>
    EmptyFile,
    /// <summary>Larger than the configured byte cap.</summary>
    TooLarge,
    /// <summary>The header matches no supported image format (e.g. a text file named .jpg).</summary>
    UnknownFormat,
    /// <summary>The header is valid but the declared pixel count exceeds the limit (decompression bomb).</summary>
    TooManyPixels,
    /// <summary>The image is smaller than the minimum side on the token grid.</summary>
    TooSmall,
    /// <summary>Decoding failed: truncated or corrupt data.</summary>
    CorruptImage,
    /// <summary>Animated image refused by policy.</summary>
    Animated,
    /// <summary>Aspect ratio outside the configured bucket range.</summary>
    AspectRatio,
    /// <summary>No caption found for the image (missing sidecar, empty column).</summary>
    MissingCaption,
    /// <summary>The caption is empty after normalisation.</summary>
    EmptyCaption,
    /// <summary>The caption bytes are not valid UTF-8.</summary>
    InvalidCaptionEncoding,
    /// <summary>The caption is longer than the cap.</summary>
    CaptionTooLong,
    /// <summary>A manifest row or tar entry is malformed or unsafe (path traversal, link).</summary>
    BadEntry,
    /// <summary>Decode took longer than the per-image time limit.</summary>
    Timeout,
    /// <summary>Perceptually near-identical to an image already stored (when near-duplicate dropping is on).</summary>
    NearDuplicate,
}

public static class RejectReasons
{
    /// <summary>The stable snake_case code stored in the lake, e.g. <c>too_many_pixels</c>.</summary>
    public static string Code(this RejectReason reason) => reason switch
    {
        RejectReason.Unreadable => "unreadable",
        RejectReason.EmptyFile => "empty_file",
        RejectReason.TooLarge => "too_large",
        RejectReason.UnknownFormat => "unknown_format",
        RejectReason.TooManyPixels => "too_many_pixels",
        RejectReason.TooSmall => "too_small",
        RejectReason.CorruptImage => "corrupt_image",
        RejectReason.Animated => "animated",
        RejectReason.AspectRatio => "aspect_ratio",
        RejectReason.MissingCaption => "missing_caption",
        RejectReason.EmptyCaption => "empty_caption",
        RejectReason.InvalidCaptionEncoding => "invalid_caption_encoding",
        RejectReason.CaptionTooLong => "caption_too_long",
        RejectReason.BadEntry => "bad_entry",
        RejectReason.Timeout => "timeout",
        RejectReason.NearDuplicate => "near_duplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown reject reason"),
    };

    public static RejectReason Parse(string code) =>
        Enum.GetValues<RejectReason>().FirstOrDefault(r => r.Code() == code) is var r && r.Code() == code
            ? r
            : throw new InvalidInputException($"unknown reject reason code '{code}'");
}
