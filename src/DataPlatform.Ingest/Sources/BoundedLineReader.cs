namespace DataPlatform.Ingest.Sources;

/// <summary>
/// Reads '\n'-terminated lines as raw bytes (no decoding, so encoding errors stay attributable),
/// never holding more than <c>maxLineBytes</c> of one line: the rest of an over-long line is skipped.
/// </summary>
public sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _pos;
    private int _len;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its '\r\n' / '\n', or null at the end; <c>TooLong</c> when it was cut.</summary>
    public (byte[] Line, bool TooLong)? ReadLine()
    {
        var line = new MemoryStream();
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_pos == _len)
            {
                _len = stream.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0)
                {
                    if (!any) return null;
                    break;
                }
            }
            any = true;
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var nl = span.IndexOf((byte)'\n');
            var take = nl < 0 ? span.Length : nl;
            if (!tooLong)
            {
                var room = (int)Math.Min(take, maxLineBytes - line.Length);
                line.Write(span[..room]);
                if (room < take) tooLong = true;
            }
            _pos += nl < 0 ? take : take + 1;
            if (nl >= 0) break;
        }
        LineNumber++;
        var bytes = line.ToArray();
        if (bytes.Length > 0 && bytes[^1] == '\r') bytes = bytes[..^1];
        return (bytes, tooLong);
    }
}
