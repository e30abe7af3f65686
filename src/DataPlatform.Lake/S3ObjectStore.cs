using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// An <see cref="IObjectStore"/> over an S3-compatible bucket (<c>s3://bucket/prefix</c>): real S3,
/// MinIO or s3rver. Puts are atomic (one PUT, or a multipart upload that is aborted on failure and so
/// never becomes visible); reads return seekable streams (memory, or a temporary file deleted on
/// close); transient failures are retried by <see cref="S3RetryPolicy"/>. Thread-safe.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly S3Location _location;
    private readonly S3LakeOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3Errors _errors;
    private readonly S3RetryPolicy _retry;

    /// <param name="location">The lake's bucket and prefix.</param>
    /// <param name="options">Endpoint, credentials and tuning; validated here.</param>
    /// <param name="time">Clock for back-off delays (default system).</param>
    /// <param name="jitter">Randomness for back-off jitter (default a new unseeded generator).</param>
    /// <param name="environment">Where AWS_ACCESS_KEY_ID etc. are read (default the process environment).</param>
    public S3ObjectStore(S3Location location, S3LakeOptions options, TimeProvider? time = null, Random? jitter = null,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var v = new Validation();
        options.Validate(v);
        v.ThrowIfInvalid();
        var credentials = S3ClientFactory.ResolveCredentials(options, environment ?? Environment.GetEnvironmentVariable);
        var immutable = credentials.GetCredentials();
        string[] secrets = [immutable.AccessKey, immutable.SecretKey, immutable.Token ?? ""];

        _location = location;
        _options = options;
        _client = S3ClientFactory.Create(options, credentials);
        var endpoint = options.ServiceUrl is null ? $"AWS S3 {options.Region}" : S3LakeOptions.Redacted(options.ServiceUrl);
        _errors = new S3Errors(location.ToString(), endpoint, secrets);
        _retry = new S3RetryPolicy(options, _errors, time ?? TimeProvider.System, jitter ?? new Random());
    }

    /// <summary>Opens <c>s3://bucket/prefix</c> with <paramref name="options"/>.</summary>
    public static S3ObjectStore Open(string location, S3LakeOptions options) => new(S3Location.Parse(location), options);

    public string Root => _location.ToString();

    public S3Location Location => _location;

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var listPrefix = _location.ListPrefix(prefix);
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = _location.Bucket,
                Prefix = listPrefix,
                MaxKeys = _options.ListPageSize,
                ContinuationToken = token,
            };
            var page = await _retry.RunAsync("list", prefix, c => _client.ListObjectsV2Async(request, c), ct).ConfigureAwait(false);
            // S3 lists in UTF-8 byte order, which is ordinal order for every key without surrogate pairs.
            var objects = (page.S3Objects ?? []).OrderBy(o => o.Key, StringComparer.Ordinal);
            foreach (var o in objects)
            {
                if (o.Key.EndsWith('/')) continue; // a folder marker made by another tool, not an object of the lake
                yield return new ObjectInfo(_location.StoreKey(o.Key), o.Size ?? 0, ToOffset(o.LastModified));
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default)
    {
        var objectKey = _location.ObjectKey(key);
        return _retry.RunAsync<ObjectInfo?>("stat", key, async c =>
        {
            try
            {
                var meta = await _client.GetObjectMetadataAsync(_location.Bucket, objectKey, c).ConfigureAwait(false);
                return new ObjectInfo(key, meta.ContentLength, ToOffset(meta.LastModified));
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                return null;
            }
        }, ct);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var objectKey = _location.ObjectKey(key);
        return _retry.RunAsync("get", key, async c =>
        {
            GetObjectResponse response;
            try
            {
                response = await _client.GetObjectAsync(_location.Bucket, objectKey, c).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e) && e.ErrorCode != "NoSuchBucket")
            {
                throw new ObjectNotFoundException(Root, key);
            }

            using (response)
            {
                var length = response.ContentLength;
                Stream copy = length <= _options.MaxInMemoryReadBytes ? new MemoryStream((int)Math.Max(length, 0)) : CreateTempFile();
                try
                {
                    await response.ResponseStream.CopyToAsync(copy, c).ConfigureAwait(false);
                    if (copy.Length != length)
                        throw new IOException($"the response ended after {copy.Length} of {length} bytes");
                    copy.Position = 0;
                    return copy;
                }
                catch
                {
                    await copy.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }, ct);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var objectKey = _location.ObjectKey(key);
        var head = await ReadUpToAsync(content, _options.MultipartThresholdBytes + 1, ct).ConfigureAwait(false);
        if (head.Length <= _options.MultipartThresholdBytes)
        {
            await PutSingleAsync(key, objectKey, head.GetBuffer(), (int)head.Length, ct).ConfigureAwait(false);
            return;
        }

        head.Position = 0;
        var upload = new S3MultipartUpload(_client, _retry, _errors, _options, _location.Bucket, objectKey, key);
        await upload.RunAsync(head, content, ct).ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        var objectKey = _location.ObjectKey(key);
        return _retry.RunAsync("delete", key, c => _client.DeleteObjectAsync(_location.Bucket, objectKey, c), ct);
    }

    public string? TryGetLocalPath(string key) => null;

    public void Dispose() => _client.Dispose();

    public override string ToString() => $"S3ObjectStore {{ Root = {Root}, Endpoint = {_errors.Endpoint} }}";

    /// <summary>One PUT from memory (retried whole), checked end to end by <see cref="S3ContentCheck"/>.</summary>
    private async Task PutSingleAsync(string key, string objectKey, byte[] content, int length, CancellationToken ct)
    {
        var check = S3ContentCheck.Of(content.AsSpan(0, length));
        var response = await _retry.RunAsync("put", key, c => _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _location.Bucket,
            Key = objectKey,
            InputStream = new MemoryStream(content, 0, length, writable: false),
            UseChunkEncoding = _options.UseChunkEncoding,
            MD5Digest = check.Md5Base64,
        }, c), ct).ConfigureAwait(false);
        var mismatch = check.Mismatch(response.ETag, response.ServerSideEncryptionMethod,
            customerKey: response.ServerSideEncryptionCustomerMethod is { } m && m != ServerSideEncryptionCustomerMethod.None);
        if (mismatch is null) return;

        // The damaged object is visible already: remove it before reporting.
        await DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        throw new DataPlatformException($"S3 put of '{key}' in {Root} at {_errors.Endpoint}: {mismatch}; the damaged object was removed");
    }

    private FileStream CreateTempFile()
    {
        var folder = _options.TempDirectory ?? Path.GetTempPath();
        var path = Path.Combine(folder, $"dp-s3-{Guid.NewGuid():N}.tmp");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes of <paramref name="content"/> into memory.</summary>
    private static async Task<MemoryStream> ReadUpToAsync(Stream content, long limit, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[(int)Math.Min(limit, 1 << 16)];
        while (buffer.Length < limit)
        {
            var want = (int)Math.Min(chunk.Length, limit - buffer.Length);
            var n = await content.ReadAsync(chunk.AsMemory(0, want), ct).ConfigureAwait(false);
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
        }

        return buffer;
    }

    private static DateTimeOffset ToOffset(DateTime? t) =>
        t is null ? DateTimeOffset.UnixEpoch : new DateTimeOffset(t.Value.ToUniversalTime(), TimeSpan.Zero);
}
