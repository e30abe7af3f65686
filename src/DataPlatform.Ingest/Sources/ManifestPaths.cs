using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>Resolves a manifest's image reference: a path (relative ones against the manifest's folder) or a <c>file://</c> URI.</summary>
public static class ManifestPaths
{
    public static string Resolve(string manifestDir, string? value, string where)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ItemRejectedException(RejectReason.BadEntry, $"{where} has no image path");
        if (value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !uri.IsFile)
                throw new ItemRejectedException(RejectReason.BadEntry, $"{where}: '{value}' is not a valid file URI");
            return uri.LocalPath;
        }
        if (value.Contains("://", StringComparison.Ordinal))
            throw new ItemRejectedException(RejectReason.BadEntry,
                $"{where}: '{value}' is a remote URI; only paths and file:// URIs are read (download first)");
        return Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(manifestDir, value));
    }

    /// <summary>An item whose image is a local file named by a manifest row.</summary>
    public static SourceItem FileItem(string manifestDir, string? pathValue, byte[] caption, string where)
    {
        string path;
        try
        {
            path = Resolve(manifestDir, pathValue, where);
        }
        catch (ItemRejectedException ex)
        {
            return SourceItem.Failed(where, ex.Reason, ex.Message);
        }
        return new SourceItem
        {
            SourceUri = path,
            OpenImage = _ => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan),
            ReadCaption = max => new RawCaption(caption.Length > max ? caption[..max] : caption, caption.Length > max, "manifest"),
        };
    }
}
