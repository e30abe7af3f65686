using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Scheduling.Tests;

/// <summary><c>dp pipeline run</c> with an <c>s3://</c> lake on the test S3 server (options from the environment, as users give them).</summary>
public sealed class S3LakeTests : IClassFixture<S3ServerFixture>
{
    private const string Bucket = "dp-sched-tests";
    private readonly S3ServerFixture _server;

    public S3LakeTests(S3ServerFixture server)
    {
        _server = server;
        var config = new AmazonS3Config { ServiceURL = server.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" };
        using var client = new AmazonS3Client(new BasicAWSCredentials(server.AccessKey, server.SecretKey), config);
        try
        {
            client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }).GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    private Dictionary<string, string> Environment() =>
        S3rverEnvironment.For(_server.Endpoint, _server.AccessKey, _server.SecretKey);

    [Fact]
    public async Task An_ingest_job_into_an_s3_lake_commits_every_sample_once_and_a_rerun_adds_nothing()
    {
        using var dir = new TempDirectory();
        SourceFolders.Write(dir.Combine("incoming"), first: 0, count: 20);
        var lake = $"s3://{Bucket}/lake-{Guid.NewGuid():N}";
        var file = PipelineFiles.Write(dir.Path, "s3", lake,
            """{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 300 }, "options": { "source": "incoming", "target_shard_bytes": 16384 } }""");

        var first = await DpCommand.RunAsync(["pipeline", "run", file], TimeSpan.FromSeconds(120), environment: Environment());
        var second = await DpCommand.RunAsync(["pipeline", "run", file], TimeSpan.FromSeconds(120), environment: Environment());
        using var store = new S3ObjectStore(DataPlatform.Lake.S3Location.Parse(lake), S3LakeOptions.ForS3rver(_server.Endpoint, _server.AccessKey, _server.SecretKey));
        var counts = await LakeCounts.ReadAsync(store);
        var commits = await new LakeReader(store).ListCommitsAsync();

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("20 inputs, 20 accepted", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("20 inputs, 0 accepted, 0 rejected, 20 duplicates", second.Output, StringComparison.Ordinal);
        Assert.Equal(new LakeCounts(20, 20), counts);
        Assert.True(commits.Count(c => c.Kind == LakeLayout.SampleKind) > 1, "small shards: several sample commits");
        Assert.DoesNotContain(_server.SecretKey, first.Output + second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stats_job_over_an_s3_lake_writes_its_report_from_shards_cached_locally()
    {
        using var dir = new TempDirectory();
        SourceFolders.Write(dir.Combine("incoming"), first: 100, count: 4);
        var lake = $"s3://{Bucket}/lake-{Guid.NewGuid():N}";
        var file = PipelineFiles.Write(dir.Path, "s3stats", lake,
            """{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 300 }, "options": { "source": "incoming" } }""",
            """{ "name": "stats", "kind": "stats", "trigger": { "interval_seconds": 300 }, "options": { "out": "report" } }""");
        var environment = Environment();
        environment["XDG_CACHE_HOME"] = dir.Combine("cache");

        var run = await DpCommand.RunAsync(["pipeline", "run", file], TimeSpan.FromSeconds(120), environment: environment);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("4 inputs, 4 accepted", run.Output, StringComparison.Ordinal);
        Assert.Contains("4 samples", run.Output, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(dir.Combine("cache", "dataplatform", "shards"), "*.parquet"));
        Assert.Contains("- samples: 4 ", await File.ReadAllTextAsync(Directory.GetFiles(dir.Path, "report.md", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ingest_job_over_an_s3_source_into_an_s3_lake_stores_every_captioned_image_and_refuses_the_uncaptioned()
    {
        using var dir = new TempDirectory();
        var source = $"s3://{Bucket}/src-{Guid.NewGuid():N}";
        var lake = $"s3://{Bucket}/lake-{Guid.NewGuid():N}";
        using (var store = new S3ObjectStore(DataPlatform.Lake.S3Location.Parse(source), S3LakeOptions.ForS3rver(_server.Endpoint, _server.AccessKey, _server.SecretKey)))
        {
            for (var i = 0; i < 6; i++)
            {
                await store.PutAsync($"batch/img-{i}.png", new MemoryStream(TinyPng.Noise(new Random(200 + i), 40, 40)));
                if (i != 5) await store.PutAsync($"batch/img-{i}.txt", new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"a green star number {i}")));
            }
        }
        var file = PipelineFiles.Write(dir.Path, "s3src", lake,
            $$"""{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 300 }, "options": { "source": {{PipelineFiles.Json(source)}} } }""");

        var run = await DpCommand.RunAsync(["pipeline", "run", file], TimeSpan.FromSeconds(120), environment: Environment());
        using var lakeStore = new S3ObjectStore(DataPlatform.Lake.S3Location.Parse(lake), S3LakeOptions.ForS3rver(_server.Endpoint, _server.AccessKey, _server.SecretKey));
        var counts = await LakeCounts.ReadAsync(lakeStore);
        var rejects = new List<DataPlatform.Core.RejectRecord>();
        await foreach (var r in new LakeReader(lakeStore).ReadAllRejectsAsync()) rejects.Add(r);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("6 inputs, 5 accepted, 1 rejected", run.Output, StringComparison.Ordinal);
        Assert.Equal(new LakeCounts(5, 5), counts);
        var reject = Assert.Single(rejects);
        Assert.EndsWith("batch/img-5.png", reject.SourceUri, StringComparison.Ordinal);
    }
}
