namespace DataPlatform.Ingest.Imaging;

/// <summary>
/// Detects truncated JPEGs, which the decoder would otherwise fill with grey and accept: a complete
/// JPEG has an end-of-image marker (FF D9) after its last start-of-scan (FF DA). Inside entropy-coded
/// data every FF is followed by 00 or a restart marker, so FF D9 cannot occur there by chance; trailing
/// bytes after the marker (some cameras append data) are allowed.
/// </summary>
public static class JpegIntegrity
{
    public static bool HasEndAfterLastScan(ReadOnlySpan<byte> jpeg)
    {
        var lastScan = jpeg.LastIndexOf(stackalloc byte[] { 0xFF, 0xDA });
        if (lastScan < 0) return false;
        return jpeg[(lastScan + 2)..].IndexOf(stackalloc byte[] { 0xFF, 0xD9 }) >= 0;
    }
}
