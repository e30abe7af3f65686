using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// One input of a source: an image and its caption, both opened lazily by a decode worker so one bad
/// input fails alone. A source that already knows an input is bad (an unsafe tar entry, a malformed
/// manifest row) yields it with <see cref="Failure"/> set.
/// </summary>
public sealed class SourceItem
{
    /// <summary>Where the input came from: a file path, a manifest row, a tar member.</summary>
    public required string SourceUri { get; init; }

    /// <summary>Opens the image bytes; the caller bounds how much it reads. Null when <see cref="Failure"/> is set.</summary>
    public Func<CancellationToken, Stream>? OpenImage { get; init; }

    /// <summary>Reads at most the given number of caption bytes. Null when <see cref="Failure"/> is set.</summary>
    public Func<int, RawCaption>? ReadCaption { get; init; }

    /// <summary>Set when the source already refused the input.</summary>
    public ItemFailure? Failure { get; init; }

    public static SourceItem Failed(string sourceUri, RejectReason reason, string detail) =>
        new() { SourceUri = sourceUri, Failure = new ItemFailure(reason, detail) };
}

/// <summary>The raw caption bytes (not yet validated), whether they were cut at the read bound, and where they came from.</summary>
/// <param name="Source">The caption source: <c>txt</c>, <c>caption</c>, <c>json</c>, <c>manifest</c>, <c>tar</c>.</param>
public sealed record RawCaption(byte[] Bytes, bool Truncated, string Source);

/// <summary>Why an input was refused, with evidence.</summary>
public sealed record ItemFailure(RejectReason Reason, string Detail);

/// <summary>Thrown inside a source's lazy readers or the decode stages to refuse one input; never escapes a run.</summary>
public sealed class ItemRejectedException(RejectReason reason, string detail) : Exception(detail)
{
    public RejectReason Reason { get; } = reason;
}
