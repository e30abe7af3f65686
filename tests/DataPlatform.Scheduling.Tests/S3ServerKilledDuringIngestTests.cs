using DataPlatform.Lake;
using DataPlatform.Testing;
using Xunit.Abstractions;

namespace DataPlatform.Scheduling.Tests;

/// <summary>
/// <c>dp pipeline run</c> ingesting into an <c>s3://</c> lake whose s3rver (its own, on its own data
/// folder) is killed by process id after the first commit: the job fails naming the endpoint and the
/// object, and after a restart on the same data the lake holds only complete commits.
/// </summary>
public sealed class S3ServerKilledDuringIngestTests : IDisposable
{
    private readonly TempDirectory _data = new("dp-s3rver-data");
    private readonly TempDirectory _dir = new();
    private readonly S3rverProcess _server;
    private readonly ITestOutputHelper _log;

    public S3ServerKilledDuringIngestTests(ITestOutputHelper log)
    {
        _log = log;
        _server = S3rverProcess.Start(_data.Path);
    }

    private Dictionary<string, string> Environment() =>
        S3rverEnvironment.For(_server.Endpoint, _server.AccessKey, _server.SecretKey);

    [Fact]
    public async Task Ingest_fails_naming_the_endpoint_when_s3_dies_after_the_first_commit_and_the_lake_keeps_only_complete_commits()
    {
        const int inputs = 200;
        SourceFolders.Write(_dir.Combine("incoming"), first: 0, count: inputs, side: 96);
        var lake = $"s3://dp-test/lake-{Guid.NewGuid():N}";
        var file = PipelineFiles.Write(_dir.Path, "s3kill", lake,
            """{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 300 }, "options": { "source": "incoming", "target_shard_bytes": 16384 } }""");
        using var store = new S3ObjectStore(S3Location.Parse(lake), S3LakeOptions.ForS3rver(_server.Endpoint, _server.AccessKey, _server.SecretKey));

        using (var run = DpNode.Start(["pipeline", "run", file], Environment()))
        {
            await WaitForFirstCommitAsync(store, run, TimeSpan.FromMinutes(2));
            _server.Kill();
            Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(2)), "dp pipeline run must end once S3 is gone");
            _log.WriteLine(run.Output);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(_server.Endpoint, run.Output, StringComparison.Ordinal);
            Assert.Matches(@"'(shards|_commits)/[^']+'", run.Output);
            Assert.DoesNotContain(_server.SecretKey, run.Output, StringComparison.Ordinal);
        }

        _server.Restart();
        var commits = (await new LakeReader(store).ListCommitsAsync()).Where(c => c.Kind == LakeLayout.SampleKind).ToList();
        var findings = await LakeVerifier.VerifyAsync(store);
        var counts = await LakeCounts.ReadAsync(store);

        Assert.NotEmpty(commits);
        Assert.Empty(findings);
        Assert.Equal(counts.Rows, counts.DistinctIds);
        Assert.Equal(commits.Sum(c => c.RowCount), counts.Rows);
        _log.WriteLine($"after restart: {commits.Count} sample commits, {counts.Rows} rows of {inputs}");
        Assert.True(counts.Rows < inputs, $"the kill must land mid-ingest, yet {counts.Rows} of {inputs} were committed");

        var rerun = await DpCommand.RunAsync(["pipeline", "run", file], TimeSpan.FromMinutes(2), environment: Environment());
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Equal(new LakeCounts(inputs, inputs), await LakeCounts.ReadAsync(store));
        Assert.Empty(await LakeVerifier.VerifyAsync(store));
    }

    private static async Task WaitForFirstCommitAsync(S3ObjectStore store, DpNode run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await foreach (var _ in store.ListAsync(LakeLayout.Commits)) return;
            if (run.HasExited) Assert.Fail($"dp exited {run.ExitCode} before its first commit: {run.Output}");
            await Task.Delay(20);
        }
        Assert.Fail($"no commit within {timeout}: {run.Output}");
    }

    public void Dispose()
    {
        _server.Dispose();
        _data.Dispose();
        _dir.Dispose();
    }
}
