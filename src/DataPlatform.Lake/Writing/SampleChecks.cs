using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// Checks a sample before it is buffered, so a bad row is refused on its own instead of failing the
/// row group it would have been written with.
/// </summary>
internal static class SampleChecks
{
    public static void ThrowIfIncomplete(SampleRecord s)
    {
        var missing = new List<string>();
        if (s.SampleId is null) missing.Add("sample_id");
        if (s.ImageSha256 is null) missing.Add("image_sha256");
        if (s.Caption is null) missing.Add("caption");
        if (s.CaptionSource is null) missing.Add("caption_source");
        if (s.SourceUri is null) missing.Add("source_uri");
        if (s.OrigFormat is null) missing.Add("orig_format");
        if (s.Image is null) missing.Add("image");
        if (s.ImageFormat is null) missing.Add("image_format");
        if (s.Concepts is null || s.Concepts.Any(c => c is null)) missing.Add("concepts (null list or element)");
        if (s.IngestRun is null) missing.Add("ingest_run");
        if (missing.Count > 0)
        {
            throw new ArgumentException($"sample {s.SampleId ?? "(no id)"} from '{s.SourceUri}' has null fields: {string.Join(", ", missing)}", nameof(s));
        }
        if (s.BucketH <= 0 || s.BucketW <= 0)
        {
            throw new ArgumentException($"sample {s.SampleId} has bucket {s.BucketH}x{s.BucketW}; both sides must be positive", nameof(s));
        }
    }
}
