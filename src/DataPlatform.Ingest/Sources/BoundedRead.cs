using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>Reads from untrusted streams without ever holding more than a cap in memory.</summary>
public static class BoundedRead
{
    /// <summary>
    /// Reads a whole image. A seekable stream longer than <paramref name="cap"/> is refused from its
    /// length alone; otherwise reading stops at <paramref name="cap"/> + 1 bytes.
    /// </summary>
    public static byte[] ReadImage(Stream stream, long cap, string where)
    {
        if (stream.CanSeek)
        {
            var length = stream.Length - stream.Position;
            if (length == 0) throw new ItemRejectedException(RejectReason.EmptyFile, $"{where} has zero bytes");
            if (length > cap)
                throw new ItemRejectedException(RejectReason.TooLarge, $"{where} has {length} bytes, the cap is {cap}");
            var exact = new byte[length];
            stream.ReadExactly(exact);
            return exact;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var want = (int)Math.Min(chunk.Length, cap + 1 - buffer.Length);
            var n = stream.Read(chunk, 0, want);
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
            if (buffer.Length > cap)
                throw new ItemRejectedException(RejectReason.TooLarge, $"{where} is longer than the cap of {cap} bytes");
        }
        if (buffer.Length == 0) throw new ItemRejectedException(RejectReason.EmptyFile, $"{where} has zero bytes");
        return buffer.ToArray();
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; <c>Truncated</c> says whether more followed.</summary>
    public static (byte[] Bytes, bool Truncated) ReadPrefix(Stream stream, int max)
    {
        var buffer = new byte[max + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        var truncated = total > max;
        return (buffer.AsSpan(0, Math.Min(total, max)).ToArray(), truncated);
    }

    /// <summary>Reads a file's caption bytes with <see cref="ReadPrefix"/>.</summary>
    public static RawCaption ReadCaptionFile(string path, int max, string source)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var (bytes, truncated) = ReadPrefix(stream, max);
        return new RawCaption(bytes, truncated, source);
    }
}
