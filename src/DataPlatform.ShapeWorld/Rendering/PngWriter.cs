using System.Buffers.Binary;
using System.IO.Compression;

namespace DataPlatform.ShapeWorld.Rendering;

/// <summary>
/// A minimal PNG encoder for 8-bit RGB (signature, IHDR, one IDAT, IEND; every row with the Sub
/// filter, which turns flat scenes into runs of zeros; zlib from the BCL at the fastest level). It does
/// the one thing synthesis needs about 4x cheaper than a general encoder (see <c>dp bench synth</c>);
/// ImageSharp still decodes everything, and a test checks that it reads these files back exactly.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Encode(RgbImage image)
    {
        int width = image.Width, height = image.Height, stride = width * 3;
        var filtered = new byte[(stride + 1) * height];
        var src = image.Pixels;
        for (var y = 0; y < height; y++)
        {
            var row = y * (stride + 1);
            filtered[row] = 1; // Sub: each byte minus the byte of the pixel to its left
            var s = y * stride;
            for (var i = 0; i < stride; i++)
            {
                filtered[row + 1 + i] = (byte)(src[s + i] - (i >= 3 ? src[s + i - 3] : 0));
            }
        }
        using var deflated = new MemoryStream(filtered.Length / 4 + 64);
        using (var zlib = new ZLibStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(filtered);
        }

        using var png = new MemoryStream((int)deflated.Length + 64);
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, deflated.GetBuffer().AsSpan(0, (int)deflated.Length));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        var crc = Update(Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
