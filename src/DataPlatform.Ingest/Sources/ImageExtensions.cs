namespace DataPlatform.Ingest.Sources;

/// <summary>File extensions that name image inputs and caption sidecars (compared case-insensitively).</summary>
public static class ImageExtensions
{
    public static readonly IReadOnlySet<string> Image = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "tga",
    };

    /// <summary>Caption sidecars in the order they are looked for: <c>.txt</c>, then <c>.caption</c>, then <c>.json</c>.</summary>
    public static readonly IReadOnlyList<string> Caption = ["txt", "caption", "json"];

    public static bool IsImage(string extensionWithoutDot) => Image.Contains(extensionWithoutDot);
}
