using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataPlatform.Testing;

namespace DataPlatform.Lake.S3.Tests;

/// <summary>One s3rver for every test class in this collection (see <see cref="S3ServerFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "s3 server";
}

/// <summary>Stores and buckets on a test server: each store gets a fresh prefix, so tests never see each other's objects.</summary>
internal static class S3TestLake
{
    public const string Bucket = "dp-lake-s3-tests";

    public static S3LakeOptions Options(string endpoint, string accessKey, string secretKey) =>
        S3LakeOptions.ForS3rver(endpoint, accessKey, secretKey) with
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            MaxAttempts = 3,
        };

    public static S3ObjectStore Store(S3ServerFixture server, Func<S3LakeOptions, S3LakeOptions>? configure = null) =>
        Store(server.Endpoint, server.AccessKey, server.SecretKey, configure);

    public static S3ObjectStore Store(string endpoint, string accessKey, string secretKey, Func<S3LakeOptions, S3LakeOptions>? configure = null)
    {
        EnsureBucket(endpoint, accessKey, secretKey);
        var options = Options(endpoint, accessKey, secretKey);
        if (configure is not null) options = configure(options);
        return new S3ObjectStore(S3Location.Parse($"s3://{Bucket}/t-{Guid.NewGuid():N}"), options, jitter: new Random(7));
    }

    /// <summary>Creates the test bucket if it is missing (with the SDK directly, not through the store under test).</summary>
    public static void EnsureBucket(string endpoint, string accessKey, string secretKey)
    {
        var config = new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" };
        using var client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
        try
        {
            client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }).GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    /// <summary>Deterministic content of <paramref name="length"/> bytes.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> ReadAllAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static async Task<List<ObjectInfo>> ListAllAsync(IObjectStore store, string prefix)
    {
        var all = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync(prefix)) all.Add(o);
        return all;
    }
}
