using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataPlatform.Lake;
using DataPlatform.Lake.Caching;
using DataPlatform.Stats.Synthetic;
using DataPlatform.Testing;

namespace DataPlatform.Stats.Tests;

/// <summary>Statistics over an <c>s3://</c> lake on a real s3rver, read through the shard cache.</summary>
public sealed class S3LakeStatsTests(S3ServerFixture server) : IClassFixture<S3ServerFixture>
{
    private const string Bucket = "dp-stats-tests";
    private static readonly ZipfLakeSpec Spec = new(Samples: 400, Concepts: 30, Rejects: 10);

    /// <summary>Samples in a lake of <see cref="WriteAsync"/>: each of the two runs writes its own sample ids.</summary>
    private static long LakeSamples => 2L * Spec.Samples;

    private S3ObjectStore NewS3Store()
    {
        var config = new AmazonS3Config { ServiceURL = server.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" };
        using (var client = new AmazonS3Client(new BasicAWSCredentials(server.AccessKey, server.SecretKey), config))
        {
            try
            {
                client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }).GetAwaiter().GetResult();
            }
            catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
            }
        }
        return new S3ObjectStore(DataPlatform.Lake.S3Location.Parse($"s3://{Bucket}/lake-{Guid.NewGuid():N}"),
            S3LakeOptions.ForS3rver(server.Endpoint, server.AccessKey, server.SecretKey));
    }

    /// <summary>The same two runs of Zipf records, committed at the same times, into <paramref name="store"/>.</summary>
    private static async Task WriteAsync(IObjectStore store)
    {
        var clock = new ManualTimeProvider();
        foreach (var run in new[] { "run-a", "run-b" })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await using var writer = LakeWriter.Create(store, run, new LakeWriterOptions(TargetShardBytes: 16 * 1024), clock);
            await new ZipfLakeGenerator(Spec).WriteAsync(writer, clock.GetUtcNow());
        }
    }

    private static string Comparable(LongTailReport report) => JsonSerializer.Serialize(report with { Lake = "" });

    [Fact]
    public async Task The_long_tail_report_of_an_s3_lake_equals_that_of_the_same_records_in_a_local_lake()
    {
        using var local = new TempDirectory("dp-local-lake");
        using var cacheDir = new TempDirectory("dp-shard-cache");
        using var s3 = NewS3Store();
        var localStore = new LocalObjectStore(local.Path);
        await WriteAsync(localStore);
        await WriteAsync(s3);
        var options = new LakeSessionOptions(Threads: 2, MemoryLimit: "1GB", ShardCache: new ShardCacheOptions(cacheDir.Path));

        LongTailReport fromS3, fromLocal;
        using (var session = await LakeSession.OpenAsync(s3, options, SessionKind.Report)) fromS3 = LongTailReport.Read(session);
        using (var session = await LakeSession.OpenAsync(localStore, options, SessionKind.Report)) fromLocal = LongTailReport.Read(session);

        Assert.True(fromS3.CommittedSampleShards > 2, "several shards per run");
        Assert.Equal(LakeSamples, fromS3.Samples);
        Assert.Equal(Comparable(fromLocal), Comparable(fromS3));
        Assert.Equal(fromS3.CommittedSampleShards + 2, Directory.GetFiles(cacheDir.Path).Length); // + one reject shard per run
    }

    [Fact]
    public async Task Weights_of_an_s3_lake_are_stored_in_the_lake_and_read_back_through_the_cache()
    {
        using var cacheDir = new TempDirectory("dp-shard-cache");
        using var s3 = NewS3Store();
        await WriteAsync(s3);
        var options = new LakeSessionOptions(Threads: 2, MemoryLimit: "1GB", ShardCache: new ShardCacheOptions(cacheDir.Path));

        using (var session = await LakeSession.OpenAsync(s3, options, SessionKind.Report))
        {
            await WeightsSnapshot.ComputeAsync(session, s3, new WeightsOptions(Version: "v1"), new ManualTimeProvider());
        }
        using var reader = await LakeSession.OpenAsync(s3, options, SessionKind.Interactive);

        Assert.NotNull(await s3.StatAsync(StatsLayout.WeightsManifest));
        Assert.Equal(LakeSamples, reader.Scalar<long>("SELECT count(*) FROM sample_weights WHERE version = 'v1'"));
        Assert.StartsWith(cacheDir.Path, reader.Lake.WeightsPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_sql_over_an_s3_lake_cannot_read_cached_files_outside_the_session()
    {
        using var cacheDir = new TempDirectory("dp-shard-cache");
        using var s3 = NewS3Store();
        await WriteAsync(s3);
        var options = new LakeSessionOptions(Threads: 2, MemoryLimit: "1GB", ShardCache: new ShardCacheOptions(cacheDir.Path));
        using (await LakeSession.OpenAsync(s3, options, SessionKind.Interactive))
        {
        }
        var stray = Path.Combine(cacheDir.Path, "stray.parquet");
        File.Copy(Directory.GetFiles(cacheDir.Path)[0], stray);

        using var session = await LakeSession.OpenAsync(s3, options, SessionKind.Interactive);

        Assert.Throws<SqlException>(() => session.ExecuteUser($"SELECT count(*) FROM read_parquet('{stray}')").Dispose());
        using var rows = session.ExecuteUser("SELECT count(*) FROM samples");
        Assert.True(rows.Read());
        Assert.Equal(LakeSamples, Convert.ToInt64(rows.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
    }
}
