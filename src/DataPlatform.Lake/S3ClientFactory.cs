using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// Builds the AWS SDK client of an S3 lake from validated options: explicit credentials and region
/// (no instance-metadata probing, no shared profile), and the SDK's own retries off, because
/// <see cref="S3RetryPolicy"/> is the one retry layer (bounded, with back-off and jitter).
/// </summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3LakeOptions options, AWSCredentials credentials)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 0,
            Timeout = options.RequestTimeout,
            RequestChecksumCalculation = options.RequestChecksum == S3RequestChecksum.WhenRequired
                ? RequestChecksumCalculation.WHEN_REQUIRED
                : RequestChecksumCalculation.WHEN_SUPPORTED,
            IgnoreConfiguredEndpointUrls = true,
            DisableLogging = true,
        };
        if (options.ServiceUrl is not null)
            config.ServiceURL = options.ServiceUrl;
        else
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        return new AmazonS3Client(credentials, config);
    }

    /// <summary>
    /// Credentials from the options, else from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and
    /// AWS_SESSION_TOKEN) read through <paramref name="environment"/>. Missing ones are a config error.
    /// </summary>
    public static AWSCredentials ResolveCredentials(S3LakeOptions options, Func<string, string?> environment)
    {
        string? access = options.AccessKey, secret = options.SecretKey, token = options.SessionToken;
        if (access is null && secret is null)
        {
            access = NullIfEmpty(environment("AWS_ACCESS_KEY_ID"));
            secret = NullIfEmpty(environment("AWS_SECRET_ACCESS_KEY"));
            token ??= NullIfEmpty(environment("AWS_SESSION_TOKEN"));
        }

        if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
            throw new ConfigException([
                "s3 credentials are missing: set s3.access_key and s3.secret_key, or the environment variables " +
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            ]);
        return token is null ? new BasicAWSCredentials(access, secret) : new SessionAWSCredentials(access, secret, token);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
