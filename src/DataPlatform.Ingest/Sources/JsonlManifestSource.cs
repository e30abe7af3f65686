using System.Runtime.CompilerServices;
using System.Text.Json;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A JSON Lines manifest: one object per line with an image path (or <c>file://</c> URI) and a
/// caption, e.g. <c>{"path": "img/1.jpg", "caption": "a red circle"}</c>. Blank lines are skipped;
/// every other line is one input. Lines are read with a length bound, so a huge line cannot exhaust
/// memory: it becomes a <c>caption_too_long</c> reject.
/// </summary>
public sealed class JsonlManifestSource : IIngestSource
{
    /// <summary>Room on a line for the path, keys and quoting beyond the caption bytes.</summary>
    public const int LineOverhead = 64 * 1024;

    private readonly string _path;
    private readonly string _dir;
    private readonly SourceOptions _options;
    private readonly int _maxCaptionBytes;

    public JsonlManifestSource(string path, SourceOptions options, int maxCaptionBytes)
    {
        _path = Path.GetFullPath(path);
        _dir = Path.GetDirectoryName(_path)!;
        _options = options;
        _maxCaptionBytes = maxCaptionBytes;
        if (!File.Exists(_path)) throw new InvalidInputException($"manifest '{path}' does not exist");
    }

    public string Description => $"jsonl manifest {_path}";

    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new BoundedLineReader(stream, _maxCaptionBytes + LineOverhead);
        while (reader.ReadLine() is (var line, var tooLong))
        {
            ct.ThrowIfCancellationRequested();
            if (!tooLong && line.AsSpan().Trim(" \t"u8).IsEmpty) continue;
            yield return Parse(line, tooLong, $"{_path}:{reader.LineNumber}");
        }
    }

    private SourceItem Parse(byte[] line, bool tooLong, string where)
    {
        if (tooLong)
            return SourceItem.Failed(where, RejectReason.CaptionTooLong,
                $"{where} is longer than {_maxCaptionBytes + LineOverhead} bytes (caption cap plus path room)");
        if (!System.Text.Unicode.Utf8.IsValid(line))
            return SourceItem.Failed(where, RejectReason.InvalidCaptionEncoding, $"{where} is not valid UTF-8");
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} is not a JSON object");
            var path = root.TryGetProperty(_options.PathColumn, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (!root.TryGetProperty(_options.CaptionColumn, out var c) || c.ValueKind != JsonValueKind.String)
                return SourceItem.Failed(path ?? where, RejectReason.MissingCaption, $"{where} has no string '{_options.CaptionColumn}'");
            return ManifestPaths.FileItem(_dir, path, System.Text.Encoding.UTF8.GetBytes(c.GetString()!), where);
        }
        catch (JsonException ex)
        {
            return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} is not valid JSON: {ex.Message}");
        }
    }
}
