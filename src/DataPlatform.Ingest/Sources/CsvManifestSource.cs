using System.Runtime.CompilerServices;
using System.Text;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A CSV manifest with a header row naming the path and caption columns (names configurable). Every
/// non-blank row after the header is one input. Lines are read with a length bound like JSONL.
/// </summary>
public sealed class CsvManifestSource : IIngestSource
{
    private static readonly UTF8Encoding Strict = new(false, true);

    private readonly string _path;
    private readonly string _dir;
    private readonly SourceOptions _options;
    private readonly int _maxCaptionBytes;

    public CsvManifestSource(string path, SourceOptions options, int maxCaptionBytes)
    {
        _path = Path.GetFullPath(path);
        _dir = Path.GetDirectoryName(_path)!;
        _options = options;
        _maxCaptionBytes = maxCaptionBytes;
        if (!File.Exists(_path)) throw new InvalidInputException($"manifest '{path}' does not exist");
    }

    public string Description => $"csv manifest {_path}";

    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new BoundedLineReader(stream, _maxCaptionBytes + JsonlManifestSource.LineOverhead);
        var (pathIndex, captionIndex) = ReadHeader(reader);
        while (reader.ReadLine() is (var line, var tooLong))
        {
            ct.ThrowIfCancellationRequested();
            if (!tooLong && line.AsSpan().Trim(" \t"u8).IsEmpty) continue;
            yield return Parse(line, tooLong, pathIndex, captionIndex, $"{_path}:{reader.LineNumber}");
        }
    }

    private (int Path, int Caption) ReadHeader(BoundedLineReader reader)
    {
        var header = reader.ReadLine();
        var fields = header is (var bytes, false) && System.Text.Unicode.Utf8.IsValid(bytes) ? CsvFields.Split(bytes) : null;
        var names = fields?.Select(f => Encoding.UTF8.GetString(f).Trim().TrimStart('\uFEFF')).ToList() ?? [];
        var pathIndex = names.IndexOf(_options.PathColumn);
        var captionIndex = names.IndexOf(_options.CaptionColumn);
        if (pathIndex < 0 || captionIndex < 0)
            throw new InvalidInputException(
                $"CSV manifest {_path} must have a header row with columns '{_options.PathColumn}' and '{_options.CaptionColumn}', " +
                $"found [{string.Join(", ", names)}]");
        return (pathIndex, captionIndex);
    }

    private SourceItem Parse(byte[] line, bool tooLong, int pathIndex, int captionIndex, string where)
    {
        if (tooLong)
            return SourceItem.Failed(where, RejectReason.CaptionTooLong,
                $"{where} is longer than {_maxCaptionBytes + JsonlManifestSource.LineOverhead} bytes (caption cap plus path room)");
        var fields = CsvFields.Split(line);
        if (fields is null) return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} has malformed CSV quoting");
        if (fields.Count <= Math.Max(pathIndex, captionIndex))
            return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} has {fields.Count} fields, the header has more");
        string path;
        try
        {
            path = Strict.GetString(fields[pathIndex]);
        }
        catch (DecoderFallbackException)
        {
            return SourceItem.Failed(where, RejectReason.BadEntry, $"{where}: the path is not valid UTF-8");
        }
        return ManifestPaths.FileItem(_dir, path, fields[captionIndex], where);
    }
}
