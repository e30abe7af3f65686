using System.Text.Json;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A JSON Lines manifest: one object per line with an image path (or <c>file://</c> URI) and a
/// caption, e.g. <c>{"path": "img/1.jpg", "caption": "a red circle"}</c>.
/// </summary>
public sealed class JsonlManifestSource(string path, SourceOptions options, int maxCaptionBytes)
    : LineManifestSource(path, options, maxCaptionBytes)
{
    public override string Description => $"jsonl manifest {ManifestPath}";

    protected override SourceItem ParseLine(byte[] line, string where)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line))
            return SourceItem.Failed(where, RejectReason.InvalidCaptionEncoding, $"{where} is not valid UTF-8");
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} is not a JSON object");
            var path = root.TryGetProperty(Options.PathColumn, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (!root.TryGetProperty(Options.CaptionColumn, out var c) || c.ValueKind != JsonValueKind.String)
                return SourceItem.Failed(path ?? where, RejectReason.MissingCaption, $"{where} has no string '{Options.CaptionColumn}'");
            return ManifestPaths.FileItem(Folder, path, System.Text.Encoding.UTF8.GetBytes(c.GetString()!), where);
        }
        catch (JsonException ex)
        {
            return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} is not valid JSON: {ex.Message}");
        }
    }
}
