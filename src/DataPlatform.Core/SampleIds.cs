using System.Security.Cryptography;
using System.Text;

namespace DataPlatform.Core;

/// <summary>Content hashes that identify samples across runs and writers.</summary>
public static class SampleIds
{
    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// The sample id: SHA-256 over the image's SHA-256 (32 raw bytes) followed by the UTF-8 caption.
    /// The same image with another caption is another sample; the same pair is always the same id.
    /// </summary>
    public static string ForSample(string imageSha256Hex, string caption)
    {
        var image = Convert.FromHexString(imageSha256Hex);
        var text = Encoding.UTF8.GetBytes(caption);
        var buffer = new byte[image.Length + text.Length];
        image.CopyTo(buffer, 0);
        text.CopyTo(buffer, image.Length);
        return Sha256Hex(buffer);
    }
}
