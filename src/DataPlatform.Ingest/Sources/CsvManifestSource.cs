using System.Text;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A CSV manifest with a header row naming the path and caption columns (names configurable). Every
/// non-blank row after the header is one input. Bounded lines as every <see cref="LineManifestSource"/>.
/// </summary>
public sealed class CsvManifestSource(string path, SourceOptions options, int maxCaptionBytes)
    : LineManifestSource(path, options, maxCaptionBytes)
{
    private static readonly UTF8Encoding Strict = new(false, true);

    private int _pathIndex = -1;
    private int _captionIndex = -1;

    public override string Description => $"csv manifest {ManifestPath}";

    protected override void ReadHeader(BoundedLineReader reader)
    {
        var header = reader.ReadLine();
        var fields = header is (var bytes, false) && System.Text.Unicode.Utf8.IsValid(bytes) ? CsvFields.Split(bytes) : null;
        var names = fields?.Select(f => Encoding.UTF8.GetString(f).Trim().TrimStart('\uFEFF')).ToList() ?? [];
        _pathIndex = names.IndexOf(Options.PathColumn);
        _captionIndex = names.IndexOf(Options.CaptionColumn);
        if (_pathIndex < 0 || _captionIndex < 0)
            throw new InvalidInputException(
                $"CSV manifest {ManifestPath} must have a header row with columns '{Options.PathColumn}' and '{Options.CaptionColumn}', " +
                $"found [{string.Join(", ", names)}]");
    }

    protected override SourceItem ParseLine(byte[] line, string where)
    {
        var fields = CsvFields.Split(line);
        if (fields is null) return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} has malformed CSV quoting");
        if (fields.Count <= Math.Max(_pathIndex, _captionIndex))
            return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} has {fields.Count} fields, the header has more");
        string path;
        try
        {
            path = Strict.GetString(fields[_pathIndex]);
        }
        catch (DecoderFallbackException)
        {
            return SourceItem.Failed(where, RejectReason.BadEntry, $"{where}: the path is not valid UTF-8");
        }
        return ManifestPaths.FileItem(Folder, path, fields[_captionIndex], where);
    }
}
