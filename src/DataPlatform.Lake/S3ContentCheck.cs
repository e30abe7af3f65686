using System.Security.Cryptography;
using Amazon.S3;

namespace DataPlatform.Lake;

/// <summary>
/// End-to-end check that the server stored the bytes that were sent. Each PUT and part carries its
/// Content-MD5 (real S3 and MinIO refuse a mismatch themselves); and where the returned ETag is the
/// content MD5 (no KMS or customer-key encryption), the ETag is compared too. That catches servers
/// that store an <c>aws-chunked</c> body verbatim (s3rver, STACK-NOTES S2) instead of corrupting silently.
/// </summary>
internal readonly record struct S3ContentCheck(string Md5Base64, string Md5Hex)
{
    public const string ChunkingHint =
        "for s3rver and other servers that do not decode aws-chunked bodies set s3.use_chunk_encoding=false " +
        "and s3.request_checksum=WhenRequired";

    public static S3ContentCheck Of(ReadOnlySpan<byte> content)
    {
        var md5 = MD5.HashData(content);
        return new S3ContentCheck(Convert.ToBase64String(md5), Convert.ToHexStringLower(md5));
    }

    /// <summary>
    /// Null when the ETag matches or cannot be compared (KMS or customer-key encryption, a non-MD5 ETag);
    /// otherwise a description of the mismatch.
    /// </summary>
    public string? Mismatch(string? etag, ServerSideEncryptionMethod? encryption, bool customerKey)
    {
        if (etag is null) return null;
        var value = etag.Trim('"');
        var comparable = value.Length == 32 && value.All(char.IsAsciiHexDigit)
            && (encryption is null || encryption == ServerSideEncryptionMethod.None || encryption == ServerSideEncryptionMethod.AES256)
            && !customerKey;
        return !comparable || string.Equals(value, Md5Hex, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"the server stored different bytes than were sent (ETag {value}, MD5 of the content {Md5Hex}); {ChunkingHint}";
    }
}
