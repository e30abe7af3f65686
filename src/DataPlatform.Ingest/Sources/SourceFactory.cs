using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>Opens the source named by <see cref="SourceOptions"/>, detecting its kind when asked to.</summary>
public static class SourceFactory
{
    /// <summary>Opens a source; throws <see cref="InvalidInputException"/> (exit 65) when the path does not exist.</summary>
    /// <param name="maxImageBytes">Byte cap for images held in memory by tar sources.</param>
    /// <param name="maxCaptionBytes">Read bound for captions (see <see cref="Captions.CaptionValidator.ReadBound"/>).</param>
    public static IIngestSource Open(SourceOptions options, long maxImageBytes, int maxCaptionBytes)
    {
        var kind = options.Kind == SourceKind.Auto ? Detect(options.Path) : options.Kind;
        return kind switch
        {
            SourceKind.Folder => new FolderSource(options.Path, options.JsonCaptionKey),
            SourceKind.Jsonl => new JsonlManifestSource(options.Path, options, maxCaptionBytes),
            SourceKind.Csv => new CsvManifestSource(options.Path, options, maxCaptionBytes),
            SourceKind.Parquet => new ParquetManifestSource(options.Path, options),
            SourceKind.Tar => new TarShardSource(options.Path, options.JsonCaptionKey, maxImageBytes, maxCaptionBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(options), kind, "unknown source kind"),
        };
    }

    /// <summary>
    /// A <c>.tar</c> file or a folder holding <c>.tar</c> files (and no images) is tar; a <c>.jsonl</c>,
    /// <c>.csv</c> or <c>.parquet</c> file is that manifest; any other folder is a folder source.
    /// </summary>
    public static SourceKind Detect(string path)
    {
        if (Directory.Exists(path))
        {
            var hasTar = Directory.EnumerateFiles(path, "*.tar").Any();
            var hasImage = Directory.EnumerateFiles(path)
                .Any(f => ImageExtensions.IsImage(Path.GetExtension(f).TrimStart('.')));
            return hasTar && !hasImage ? SourceKind.Tar : SourceKind.Folder;
        }
        if (!File.Exists(path)) throw new InvalidInputException($"source '{path}' does not exist");
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => SourceKind.Jsonl,
            ".csv" => SourceKind.Csv,
            ".parquet" => SourceKind.Parquet,
            ".tar" => SourceKind.Tar,
            var ext => throw new InvalidInputException(
                $"cannot tell the kind of source '{path}' from its extension '{ext}'; pass --kind folder|jsonl|csv|parquet|tar"),
        };
    }
}
