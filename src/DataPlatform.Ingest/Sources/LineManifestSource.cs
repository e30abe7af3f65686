using System.Runtime.CompilerServices;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A manifest with one input per line (JSONL, CSV). Lines are read with a length bound, so a huge
/// line cannot exhaust memory: it becomes a <c>caption_too_long</c> reject. Blank lines are skipped.
/// Relative image paths resolve against the manifest's folder.
/// </summary>
public abstract class LineManifestSource : IIngestSource
{
    /// <summary>Room on a line for the path, keys and quoting beyond the caption bytes.</summary>
    public const int LineOverhead = 64 * 1024;

    protected LineManifestSource(string path, SourceOptions options, int maxCaptionBytes)
    {
        ManifestPath = Path.GetFullPath(path);
        Folder = Path.GetDirectoryName(ManifestPath)!;
        Options = options;
        MaxLineBytes = maxCaptionBytes + LineOverhead;
        if (!File.Exists(ManifestPath)) throw new InvalidInputException($"manifest '{path}' does not exist");
    }

    protected string ManifestPath { get; }

    /// <summary>The manifest's folder, against which relative image paths resolve.</summary>
    protected string Folder { get; }

    protected SourceOptions Options { get; }

    protected int MaxLineBytes { get; }

    public abstract string Description { get; }

    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var stream = new FileStream(ManifestPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new BoundedLineReader(stream, MaxLineBytes);
        ReadHeader(reader);
        while (reader.ReadLine() is (var line, var tooLong))
        {
            ct.ThrowIfCancellationRequested();
            var where = $"{ManifestPath}:{reader.LineNumber}";
            if (tooLong)
            {
                yield return SourceItem.Failed(where, RejectReason.CaptionTooLong,
                    $"{where} is longer than {MaxLineBytes} bytes (caption cap plus path room)");
                continue;
            }
            if (line.AsSpan().Trim(" \t"u8).IsEmpty) continue;
            yield return ParseLine(line, where);
        }
    }

    /// <summary>Reads a header line before the inputs, where the format has one.</summary>
    protected virtual void ReadHeader(BoundedLineReader reader)
    {
    }

    /// <summary>One non-blank line within the length bound -> one input (or its reject).</summary>
    protected abstract SourceItem ParseLine(byte[] line, string where);
}
