namespace DataPlatform.Ingest.Imaging;

/// <summary>
/// Counts the frames of a GIF by walking its block structure without decoding any pixels, so the
/// animation policy is applied before a many-frame GIF is decoded (only its first frame ever is).
/// </summary>
public static class GifFrames
{
    /// <summary>The number of image descriptors up to the trailer or the end of the data.</summary>
    public static int Count(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13) return 0;
        var pos = 13; // header (6) + logical screen descriptor (7)
        if ((gif[10] & 0x80) != 0) pos += 3 * (1 << ((gif[10] & 0x07) + 1)); // global colour table
        var frames = 0;
        while (pos < gif.Length)
        {
            switch (gif[pos])
            {
                case 0x21: // extension: introducer, label, sub-blocks
                    pos = SkipSubBlocks(gif, pos + 2);
                    break;
                case 0x2C: // image descriptor (10 bytes), optional local colour table, LZW code size, sub-blocks
                    if (pos + 10 > gif.Length) return frames + 1;
                    frames++;
                    var packed = gif[pos + 9];
                    pos += 10;
                    if ((packed & 0x80) != 0) pos += 3 * (1 << ((packed & 0x07) + 1));
                    pos = SkipSubBlocks(gif, pos + 1);
                    break;
                default: // trailer (0x3B) or garbage: stop
                    return frames;
            }
        }
        return frames;
    }

    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int pos)
    {
        while (pos < gif.Length)
        {
            var size = gif[pos];
            pos += 1 + size;
            if (size == 0) break;
        }
        return pos;
    }
}
