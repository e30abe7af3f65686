using System.Globalization;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>When the client computes a checksum for a request body (AWS SDK's setting of the same name).</summary>
public enum S3RequestChecksum
{
    /// <summary>Whenever the operation supports one (the SDK's default; real S3 and MinIO).</summary>
    WhenSupported,

    /// <summary>Only when the operation requires one (needed by s3rver, STACK-NOTES S2).</summary>
    WhenRequired,
}

/// <summary>
/// How to reach an S3-compatible store: real S3, MinIO or a test server. Credentials come from
/// <see cref="AccessKey"/>/<see cref="SecretKey"/> or else from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY;
/// they are never printed (<see cref="ToString"/> redacts them). The client never probes instance
/// metadata: credentials and region are always explicit.
/// </summary>
public sealed partial record S3LakeOptions
{
    public const long MiB = 1024 * 1024;

    /// <summary>S3's smallest part (all parts but the last).</summary>
    public const long MinPartSizeBytes = 5 * MiB;

    /// <summary>Endpoint of an S3-compatible server, e.g. <c>http://127.0.0.1:9000</c>. Default null: AWS S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Signing region (default us-east-1; MinIO and s3rver accept any).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Address buckets as <c>host/bucket</c> rather than <c>bucket.host</c> (default false; true for MinIO and s3rver).</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>Access key id; default null: AWS_ACCESS_KEY_ID.</summary>
    public string? AccessKey { get; init; }

    /// <summary>Secret access key; default null: AWS_SECRET_ACCESS_KEY.</summary>
    public string? SecretKey { get; init; }

    /// <summary>Session token of temporary credentials; default null: AWS_SESSION_TOKEN when the keys come from the environment.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Send put bodies as <c>aws-chunked</c> (default true; false for s3rver, STACK-NOTES S2).</summary>
    public bool UseChunkEncoding { get; init; } = true;

    /// <summary>Request checksums (default <see cref="S3RequestChecksum.WhenSupported"/>; WhenRequired for s3rver).</summary>
    public S3RequestChecksum RequestChecksum { get; init; } = S3RequestChecksum.WhenSupported;

    /// <summary>Objects up to this size go up in one PUT, larger ones as a multipart upload (default 16 MiB).</summary>
    public long MultipartThresholdBytes { get; init; } = 16 * MiB;

    /// <summary>Part size of multipart uploads (default 16 MiB, at least 5 MiB); one part is buffered in memory.</summary>
    public long PartSizeBytes { get; init; } = 16 * MiB;

    /// <summary>Keys per ListObjectsV2 page (default 1000, S3's maximum).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Attempts per request, the first included, on throttling, 5xx and network errors (default 5).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Back-off before the second attempt; doubles per attempt, with jitter (default 200 ms).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one back-off (default 10 s).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one HTTP request (default 5 min, enough for one part on a slow link).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Objects up to this size are read into memory; larger ones into a temporary file deleted on close (default 32 MiB).</summary>
    public long MaxInMemoryReadBytes { get; init; } = 32 * MiB;

    /// <summary>Folder for those temporary files (default null: the system temp folder).</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Settings for the s3rver test server (STACK-NOTES S1, S2): path style, no aws-chunked bodies, checksums only when required.</summary>
    public static S3LakeOptions ForS3rver(string serviceUrl, string accessKey, string secretKey) => new()
    {
        ServiceUrl = serviceUrl,
        ForcePathStyle = true,
        AccessKey = accessKey,
        SecretKey = secretKey,
        UseChunkEncoding = false,
        RequestChecksum = S3RequestChecksum.WhenRequired,
    };

    public void Validate(Validation v, string prefix = "s3")
    {
        if (ServiceUrl is not null)
        {
            if (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                v.Add($"{prefix}.service_url must be an absolute http or https URL, was '{Redacted(ServiceUrl)}'");
            else if (uri.UserInfo.Length > 0)
                v.Add($"{prefix}.service_url must not carry credentials (use access_key and secret_key), was '{Redacted(ServiceUrl)}'");
        }

        v.NotEmpty($"{prefix}.region", Region);
        if ((AccessKey is null) != (SecretKey is null))
            v.Add($"{prefix}.access_key and {prefix}.secret_key must be given together, was only {(AccessKey is null ? "secret_key" : "access_key")}");
        v.AtLeast($"{prefix}.multipart_threshold_bytes", MultipartThresholdBytes, 0);
        if (MultipartThresholdBytes > int.MaxValue / 2)
            v.Add($"{prefix}.multipart_threshold_bytes must be at most {int.MaxValue / 2}, was {MultipartThresholdBytes}");
        v.AtLeast($"{prefix}.part_size_bytes", PartSizeBytes, MinPartSizeBytes);
        if (PartSizeBytes > 1024 * MiB)
            v.Add($"{prefix}.part_size_bytes must be at most {1024 * MiB}, was {PartSizeBytes}");
        if (ListPageSize is < 1 or > 1000) v.Add($"{prefix}.list_page_size must be in [1, 1000], was {ListPageSize}");
        if (MaxAttempts is < 1 or > 20) v.Add($"{prefix}.max_attempts must be in [1, 20], was {MaxAttempts}");
        if (RetryBaseDelay < TimeSpan.Zero) v.Add($"{prefix}.retry_base_delay must not be negative, was {RetryBaseDelay}");
        if (RetryMaxDelay < RetryBaseDelay)
            v.Add($"{prefix}.retry_max_delay must be at least retry_base_delay ({RetryBaseDelay}), was {RetryMaxDelay}");
        if (RequestTimeout <= TimeSpan.Zero) v.Add($"{prefix}.request_timeout must be positive, was {RequestTimeout}");
        v.AtLeast($"{prefix}.max_in_memory_read_bytes", MaxInMemoryReadBytes, 0);
        if (MaxInMemoryReadBytes > int.MaxValue) v.Add($"{prefix}.max_in_memory_read_bytes must be at most {int.MaxValue}, was {MaxInMemoryReadBytes}");
    }

    /// <summary>Every setting but the credentials, which show only whether they are set.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"S3LakeOptions {{ ServiceUrl = {(ServiceUrl is null ? "(AWS)" : Redacted(ServiceUrl))}, Region = {Region}, " +
        $"ForcePathStyle = {ForcePathStyle}, AccessKey = {Secret(AccessKey)}, SecretKey = {Secret(SecretKey)}, " +
        $"SessionToken = {Secret(SessionToken)}, UseChunkEncoding = {UseChunkEncoding}, RequestChecksum = {RequestChecksum}, " +
        $"MultipartThresholdBytes = {MultipartThresholdBytes}, PartSizeBytes = {PartSizeBytes}, ListPageSize = {ListPageSize}, " +
        $"MaxAttempts = {MaxAttempts}, RetryBaseDelay = {RetryBaseDelay}, RetryMaxDelay = {RetryMaxDelay}, " +
        $"RequestTimeout = {RequestTimeout}, MaxInMemoryReadBytes = {MaxInMemoryReadBytes}, TempDirectory = {TempDirectory ?? "(system)"} }}");

    /// <summary>The endpoint for messages: without any user-info part.</summary>
    internal static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url;

    private static string Secret(string? value) => value is null ? "(not set)" : "***";
}
