using Amazon.S3.Model;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// One multipart upload: initiate, upload the parts in order (one part buffered in memory, each part
/// retried on its own), complete. Any failure aborts the upload, so no partial object ever becomes
/// visible; if even the abort fails, the error says so (the parts stay invisible until a bucket
/// lifecycle rule or a later abort removes them).
/// </summary>
internal sealed class S3MultipartUpload(
    Amazon.S3.IAmazonS3 client, S3RetryPolicy retry, S3Errors errors, S3LakeOptions options,
    string bucket, string objectKey, string key)
{
    /// <summary>S3's limit on the number of parts.</summary>
    public const int MaxParts = 10_000;

    /// <summary>Uploads <paramref name="head"/> followed by the rest of <paramref name="rest"/>.</summary>
    public async Task RunAsync(Stream head, Stream rest, CancellationToken ct)
    {
        var initiated = await retry.RunAsync("multipart initiate", key, c => client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = objectKey }, c), ct).ConfigureAwait(false);
        var uploadId = initiated.UploadId;
        try
        {
            var parts = await UploadPartsAsync(uploadId, head, rest, ct).ConfigureAwait(false);
            await retry.RunAsync("multipart complete", key, c => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = objectKey,
                UploadId = uploadId,
                PartETags = parts,
            }, c), ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var abortError = await TryAbortAsync(uploadId).ConfigureAwait(false);
            if (abortError is null || e is OperationCanceledException) throw; // a cancelled put stays cancelled
            var transient = e is DataPlatformException d ? d.IsTransient : S3Errors.IsTransient(e);
            throw new DataPlatformException(
                $"{errors.Scrub(e.Message)} The incomplete multipart upload {uploadId} could not be aborted either " +
                $"({errors.Scrub(abortError.Message)}); it is not visible as an object, but its parts use storage " +
                "until it is aborted or a bucket lifecycle rule removes it.", e, transient);
        }
    }

    private async Task<List<PartETag>> UploadPartsAsync(string uploadId, Stream head, Stream rest, CancellationToken ct)
    {
        var buffer = new byte[options.PartSizeBytes];
        var parts = new List<PartETag>();
        for (var number = 1; ; number++)
        {
            var length = await FillAsync(buffer, head, rest, ct).ConfigureAwait(false);
            if (length == 0 && number > 1) break;
            if (number > MaxParts)
                throw new DataPlatformException(
                    $"S3 put of '{key}' at {errors.Endpoint}: the object needs more than {MaxParts} parts of " +
                    $"{options.PartSizeBytes} bytes; raise s3.part_size_bytes");
            var partNumber = number;
            var check = S3ContentCheck.Of(buffer.AsSpan(0, length));
            var response = await retry.RunAsync($"multipart part {partNumber}", key, c => client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = objectKey,
                UploadId = uploadId,
                PartNumber = partNumber,
                InputStream = new MemoryStream(buffer, 0, length, writable: false),
                PartSize = length,
                UseChunkEncoding = options.UseChunkEncoding,
                MD5Digest = check.Md5Base64,
            }, c), ct).ConfigureAwait(false);
            var mismatch = check.Mismatch(response.ETag, response.ServerSideEncryptionMethod,
                customerKey: !string.IsNullOrEmpty(response.SSECustomerAlgorithm));
            if (mismatch is not null)
                throw new DataPlatformException($"S3 put of '{key}' at {errors.Endpoint}, part {partNumber}: {mismatch}");
            parts.Add(new PartETag(partNumber, response.ETag));
            if (length < buffer.Length) break;
        }

        return parts;
    }

    /// <summary>Null when the abort worked, otherwise its failure. Runs even when the put was cancelled.</summary>
    private async Task<Exception?> TryAbortAsync(string uploadId)
    {
        try
        {
            await retry.RunAsync("multipart abort", key, c => client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = bucket,
                Key = objectKey,
                UploadId = uploadId,
            }, c), CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (DataPlatformException e)
        {
            return e;
        }
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="head"/>, then <paramref name="rest"/>; returns the bytes read.</summary>
    private static async Task<int> FillAsync(byte[] buffer, Stream head, Stream rest, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var source = head.Position < head.Length ? head : rest;
            var n = await source.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0 && source == rest) break;
            filled += n;
        }

        return filled;
    }
}
