using DataPlatform.Lake;
using DataPlatform.Testing;
using Parquet;

namespace DataPlatform.Lake.Tests;

public class ShardRollingTests
{
    private const string Run = "20261128T120000Z-0r0r0r";

    [Fact]
    public async Task A_small_target_size_rolls_several_committed_shards_with_correct_counts()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory(seed: 11);
        // 32x32 noise PNGs are ~3.1 KB and do not compress: a 16 KB target rolls every ~5 rows.
        var options = new LakeWriterOptions(TargetShardBytes: 16 * 1024, RowGroupRows: 2);
        var written = new List<string>();
        IReadOnlyList<CommitRecord> commits;
        await using (var writer = lake.Writer(Run, options))
        {
            for (var i = 0; i < 40; i++)
            {
                var sample = factory.Sample(Run, lake.Time.GetUtcNow());
                written.Add(sample.SampleId);
                await writer.AppendAsync(sample);
            }
            Assert.NotEmpty(writer.Commits);
            commits = await writer.CompleteAsync();
        }

        Assert.InRange(commits.Count, 5, 12);
        Assert.Equal(40, commits.Sum(c => c.RowCount));
        Assert.Equal(Enumerable.Range(1, commits.Count), commits.Select(c => c.Seq));
        Assert.All(commits.SkipLast(1), c => Assert.True(c.ByteSize >= 12 * 1024, $"rolled shard {c.Shard} is {c.ByteSize} bytes"));

        var read = new List<string>();
        foreach (var commit in await lake.Reader.ListCommitsAsync())
        {
            var rows = await lake.Reader.ReadSamplesAsync(commit, includeImage: true).ToListAsync();
            Assert.Equal(commit.RowCount, rows.Count);
            read.AddRange(rows.Select(r => r.SampleId));

            await using var parquet = await ParquetReader.CreateAsync(lake.FileOf(commit.Shard));
            Assert.All(Enumerable.Range(0, parquet.RowGroupCount), g => Assert.InRange(parquet.OpenRowGroupReader(g).RowCount, 1, 2));
        }
        Assert.Equal(written, read);
    }

    [Fact]
    public async Task A_row_group_is_written_early_when_its_bytes_reach_the_cap()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory();
        var options = new LakeWriterOptions(RowGroupRows: 1000) { RowGroupMaxBytes = 8 * 1024 };
        await using (var writer = lake.Writer(Run, options))
        {
            for (var i = 0; i < 12; i++) await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow()));
            await writer.CompleteAsync();
        }

        var commit = Assert.Single(await lake.Reader.ListCommitsAsync());
        await using var parquet = await ParquetReader.CreateAsync(lake.FileOf(commit.Shard));
        Assert.InRange(parquet.RowGroupCount, 4, 6);
        var batches = await lake.Reader.ReadSampleBatchesAsync(commit, includeImage: false).ToListAsync();
        Assert.Equal(parquet.RowGroupCount, batches.Count);
    }

    [Fact]
    public void Invalid_writer_options_are_all_reported_at_once()
    {
        using var lake = new TempLake();
        var options = new LakeWriterOptions(TargetShardBytes: 10, RowGroupRows: 0) { RowGroupMaxBytes = 0 };
        var ex = Assert.Throws<Core.ConfigException>(() => lake.Writer(Run, options));
        Assert.Equal(
            [
                "lake.target_shard_bytes must be at least 1024, was 10",
                "lake.row_group_rows must be at least 1, was 0",
                "lake.row_group_max_bytes must be at least 1024, was 0",
            ],
            ex.Errors);
    }
}
