using System.Text;
using DataPlatform.Core;
using DataPlatform.Ingest.Sources;

namespace DataPlatform.Ingest.Captions;

/// <summary>
/// Turns raw caption bytes into the stored caption: strict UTF-8 (a byte-order mark is dropped),
/// control characters removed (tab and line breaks count as whitespace), runs of whitespace folded to
/// one space, trimmed; then it must be non-empty and at most the length cap (in UTF-16 characters).
/// </summary>
public sealed class CaptionValidator(int maxChars)
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// How many caption bytes a source reads at most: enough for <c>maxChars</c> four-byte characters
    /// plus room for whitespace that normalisation folds away. Anything longer is too long for sure.
    /// </summary>
    public int ReadBound => checked(maxChars * 4 + 4096);

    /// <summary>The normalised caption; throws <see cref="ItemRejectedException"/> with the precise reason.</summary>
    public string Validate(RawCaption raw, string where)
    {
        if (raw.Truncated)
            throw new ItemRejectedException(RejectReason.CaptionTooLong,
                $"caption of {where} is longer than {ReadBound} bytes (cap {maxChars} characters); not read further");
        string text;
        try
        {
            text = Strict.GetString(raw.Bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ItemRejectedException(RejectReason.InvalidCaptionEncoding,
                $"caption of {where} is not valid UTF-8 (byte offset {ex.Index}): {ex.Message}");
        }
        var caption = Normalise(text);
        if (caption.Length == 0)
            throw new ItemRejectedException(RejectReason.EmptyCaption, $"caption of {where} is empty after normalisation");
        if (caption.Length > maxChars)
            throw new ItemRejectedException(RejectReason.CaptionTooLong,
                $"caption of {where} has {caption.Length} characters, the cap is {maxChars}");
        return caption;
    }

    /// <summary>Drops a BOM and control characters, folds whitespace runs to one space, trims.</summary>
    public static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.AsSpan())
        {
            if (c == '\uFEFF') continue;
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (char.IsControl(c) || c is '\u200B' or '\u2028' or '\u2029') continue;
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
