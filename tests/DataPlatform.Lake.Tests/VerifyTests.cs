using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Lake.Tests;

public class VerifyTests
{
    private const string Run = "20261128T120000Z-0v0v0v";

    [Fact]
    public async Task A_consistent_lake_has_no_findings()
    {
        using var lake = await WrittenLakeAsync();
        Assert.Empty(await LakeVerifier.VerifyAsync(lake.Store));
    }

    [Fact]
    public async Task Verify_detects_a_tampered_shard_by_its_checksum()
    {
        using var lake = await WrittenLakeAsync();
        var commit = (await lake.Reader.ListCommitsAsync())[0];
        var path = lake.FileOf(commit.Shard);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);

        var finding = Assert.Single(await LakeVerifier.VerifyAsync(lake.Store));
        Assert.Equal(commit.Shard, finding.Key);
        Assert.Contains($"says {commit.Sha256}", finding.Problem);
    }

    [Fact]
    public async Task Verify_detects_a_truncated_shard_by_its_size()
    {
        using var lake = await WrittenLakeAsync();
        var commit = (await lake.Reader.ListCommitsAsync())[1];
        await using (var file = File.OpenWrite(lake.FileOf(commit.Shard)))
        {
            file.SetLength(commit.ByteSize / 2);
        }

        var finding = Assert.Single(await LakeVerifier.VerifyAsync(lake.Store));
        Assert.Equal(commit.Shard, finding.Key);
        Assert.Equal($"size is {commit.ByteSize / 2} bytes, commit record '{LakeLayout.Commit(commit.Run, commit.Seq)}' says {commit.ByteSize}", finding.Problem);
    }

    [Fact]
    public async Task Verify_detects_a_missing_shard_and_a_malformed_commit_record()
    {
        using var lake = await WrittenLakeAsync();
        var commit = (await lake.Reader.ListCommitsAsync())[0];
        File.Delete(lake.FileOf(commit.Shard));
        await lake.Store.PutAsync(LakeLayout.Commit("broken-run", 1), new MemoryStream("{\"kind\": \"samples\"}"u8.ToArray()));

        var findings = await LakeVerifier.VerifyAsync(lake.Store);
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Key == commit.Shard && f.Problem.StartsWith("missing", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Key == LakeLayout.Commit("broken-run", 1) && f.Problem.Contains("malformed"));
    }

    [Fact]
    public async Task An_empty_commit_record_is_a_cut_off_write_that_readers_skip_and_vacuum_removes()
    {
        using var lake = await WrittenLakeAsync();
        var cutOff = LakeLayout.Commit("20261128T130000Z-1a1a1a", 2);
        await lake.Store.PutAsync(cutOff, new MemoryStream());  // what s3rver left when killed during the put

        Assert.Equal(3, (await lake.Reader.ListCommitsAsync()).Count);
        Assert.Empty(await LakeVerifier.VerifyAsync(lake.Store));
        var vacuum = await LakeVacuum.RunAsync(lake.Store, new VacuumOptions(MinAge: TimeSpan.Zero), TimeProvider.System);
        Assert.Equal(cutOff, Assert.Single(vacuum.Removed).Key);
        Assert.Null(await lake.Store.StatAsync(cutOff));
        Assert.Equal(3, (await lake.Reader.ListCommitsAsync()).Count);
    }

    [Fact]
    public async Task Verify_detects_a_commit_record_whose_row_count_disagrees_with_the_shard()
    {
        using var lake = await WrittenLakeAsync();
        var commit = (await lake.Reader.ListCommitsAsync())[0];
        var lying = commit with { RowCount = commit.RowCount + 1 };
        await lake.Store.PutAsync(LakeLayout.Commit(commit.Run, commit.Seq), new MemoryStream(CommitRecords.Serialize(lying)));

        var finding = Assert.Single(await LakeVerifier.VerifyAsync(lake.Store));
        Assert.Equal($"holds {commit.RowCount} rows, commit record '{LakeLayout.Commit(commit.Run, commit.Seq)}' says {commit.RowCount + 1}", finding.Problem);
    }

    private static async Task<TempLake> WrittenLakeAsync()
    {
        var lake = new TempLake();
        var factory = new SampleFactory(seed: 5);
        await using var writer = lake.Writer(Run, new LakeWriterOptions(RowGroupRows: 3));
        for (var i = 0; i < 10; i++) await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 32, 32 + 32 * (i % 2)));
        await writer.RejectAsync(factory.Reject(Run, lake.Time.GetUtcNow()));
        Assert.Equal(3, (await writer.CompleteAsync()).Count);
        return lake;
    }
}
