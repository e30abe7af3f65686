using DataPlatform.Lake;
using DataPlatform.Stats.Synthetic;

namespace DataPlatform.Stats.Tests;

public sealed class OrphanShardTests
{
    [Fact]
    public async Task An_orphan_shard_changes_no_statistic_and_cannot_be_read()
    {
        using var lake = new TestLake();
        await lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 400, Concepts: 30, Rejects: 10), "run-a");
        var before = await ReportOf(lake);

        // What a writer that crashed between shard and commit record leaves: a complete shard
        // (here a second writer's real shard) whose commit record is missing.
        var other = new TestLake();
        await other.WriteZipfAsync(new ZipfLakeSpec(Samples: 300, Concepts: 30, Seed: 99), "run-x");
        var shards = other.Store.ListAsync(LakeLayout.Shards).ToBlockingEnumerable().ToList();
        var orphan = shards[0];
        await using (var content = await other.Store.OpenReadAsync(orphan.Key))
        {
            await lake.Store.PutAsync(orphan.Key, content);
        }
        other.Dispose();

        var after = await ReportOf(lake);
        Assert.Equal(before, after);

        using var session = await lake.OpenAsync(SessionKind.Interactive);
        var error = Assert.Throws<SqlException>(() => session.ExecuteUser($"SELECT count(*) FROM read_parquet('{lake.Store.TryGetLocalPath(orphan.Key)}')").Dispose());
        Assert.Contains("Permission Error", error.Message);
    }

    private static async Task<string> ReportOf(TestLake lake)
    {
        using var session = await lake.OpenAsync();
        return ReportWriter.Markdown(LongTailReport.Read(session));
    }
}
