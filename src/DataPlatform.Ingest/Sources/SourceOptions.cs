using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>The kinds of source <c>dp ingest --kind</c> accepts.</summary>
public enum SourceKind
{
    /// <summary>Detect from the path: a folder of <c>.tar</c> files or a <c>.tar</c> file is tar; <c>.jsonl</c>, <c>.csv</c>, <c>.parquet</c> files are manifests; any other folder is a folder source.</summary>
    Auto,
    Folder,
    Jsonl,
    Csv,
    Parquet,
    Tar,
}

/// <summary>
/// Where and how to read inputs. Column names apply to JSONL keys, CSV header names and Parquet
/// columns alike.
/// </summary>
public sealed record SourceOptions
{
    public required string Path { get; init; }

    /// <summary>The source kind (default: detected from the path).</summary>
    public SourceKind Kind { get; init; } = SourceKind.Auto;

    /// <summary>Key of the caption in <c>.json</c> sidecars and tar members (default <c>caption</c>).</summary>
    public string JsonCaptionKey { get; init; } = "caption";

    /// <summary>Manifest column holding an image path or <c>file://</c> URI (default <c>path</c>).</summary>
    public string PathColumn { get; init; } = "path";

    /// <summary>Manifest column holding the caption (default <c>caption</c>).</summary>
    public string CaptionColumn { get; init; } = "caption";

    /// <summary>Parquet column holding the encoded image bytes; used instead of the path column when present (default <c>image</c>).</summary>
    public string ImageBytesColumn { get; init; } = "image";

    public void Validate(Validation v, string prefix = "source")
    {
        v.NotEmpty($"{prefix}.path", Path);
        v.NotEmpty($"{prefix}.json_caption_key", JsonCaptionKey);
        v.NotEmpty($"{prefix}.path_column", PathColumn);
        v.NotEmpty($"{prefix}.caption_column", CaptionColumn);
        v.NotEmpty($"{prefix}.image_bytes_column", ImageBytesColumn);
    }
}
