using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Lake.Tests;

/// <summary>A shard is visible only through its commit record, whatever fails and wherever.</summary>
public class CommitProtocolTests
{
    private const string Run = "20261128T120000Z-0c0c0c";
    private static readonly LakeWriterOptions Small = new(TargetShardBytes: 16 * 1024, RowGroupRows: 4);

    [Fact]
    public async Task A_shard_put_without_its_commit_record_is_invisible_and_vacuum_removes_it()
    {
        using var lake = new TempLake();
        var store = new InstrumentedObjectStore(lake.Store);
        var factory = new SampleFactory();
        // The crash: the second commit record never reaches the store.
        var commitPuts = 0;
        store.FailPut = key => key.StartsWith(LakeLayout.Commits, StringComparison.Ordinal) && ++commitPuts == 2
            ? new IOException("simulated crash before the commit record")
            : null;

        var writer = LakeWriter.Create(store, Run, Small, lake.Time);
        var crash = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 40; i++) await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow()));
        });
        Assert.Contains("simulated crash", crash.Message);
        await writer.DisposeAsync();

        var shardFiles = await lake.Store.ListAsync(LakeLayout.Shards).ToListAsync();
        Assert.Equal(2, shardFiles.Count);
        var commit = Assert.Single(await lake.Reader.ListCommitsAsync());
        var orphan = Assert.Single(shardFiles, f => f.Key != commit.Shard);
        Assert.Equal(commit.RowCount, await lake.Reader.ReadAllSamplesAsync(includeImage: false).CountAsync());

        // Vacuum leaves a young orphan alone (it may belong to a running writer), removes it once old.
        var young = await LakeVacuum.RunAsync(lake.Store, new VacuumOptions(), TimeProvider.System);
        Assert.Empty(young.Removed);
        Assert.Equal(orphan.Key, Assert.Single(young.TooYoung).Key);

        File.SetLastWriteTimeUtc(lake.FileOf(orphan.Key), DateTime.UtcNow.AddHours(-2));
        var dry = await LakeVacuum.RunAsync(lake.Store, new VacuumOptions(DryRun: true), TimeProvider.System);
        Assert.Equal(orphan.Key, Assert.Single(dry.Removed).Key);
        Assert.NotNull(await lake.Store.StatAsync(orphan.Key));

        var done = await LakeVacuum.RunAsync(lake.Store, new VacuumOptions(), TimeProvider.System);
        Assert.Equal(orphan.Key, Assert.Single(done.Removed).Key);
        Assert.Null(await lake.Store.StatAsync(orphan.Key));
        Assert.NotNull(await lake.Store.StatAsync(commit.Shard));
        Assert.Empty(await LakeVerifier.VerifyAsync(lake.Store));
    }

    [Fact]
    public async Task Vacuum_removes_an_old_leftover_temp_file_and_reports_a_commit_whose_shard_is_missing()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory();
        await using (var writer = lake.Writer(Run))
        {
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 32, 32));
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 16, 64));
            await writer.CompleteAsync();
        }
        var commits = await lake.Reader.ListCommitsAsync();
        var temp = Path.Combine(Path.GetDirectoryName(lake.FileOf(commits[0].Shard))!, ".x.parquet.tmp-00ff");
        await File.WriteAllBytesAsync(temp, new byte[100]);
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddDays(-1));
        File.Delete(lake.FileOf(commits[1].Shard));

        var result = await LakeVacuum.RunAsync(lake.Store, new VacuumOptions(MinAge: TimeSpan.FromMinutes(10)), TimeProvider.System);

        var removed = Assert.Single(result.Removed);
        Assert.Equal("leftover temporary file", removed.Why);
        Assert.False(File.Exists(temp));
        var error = Assert.Single(result.Errors);
        Assert.Contains(commits[1].Shard, error);
        Assert.Equal(2, (await lake.Reader.ListCommitsAsync()).Count);
    }

    [Fact]
    public async Task Vacuum_refuses_to_delete_anything_while_a_commit_record_is_malformed()
    {
        using var lake = new TempLake();
        await lake.Store.PutAsync(LakeLayout.Commit(Run, 1), new MemoryStream("{ not json"u8.ToArray()));
        var orphan = LakeLayout.SampleShard(32, 32, Run, 1);
        await lake.Store.PutAsync(orphan, new MemoryStream([1, 2, 3]));
        File.SetLastWriteTimeUtc(lake.FileOf(orphan), DateTime.UtcNow.AddDays(-1));

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => LakeVacuum.RunAsync(lake.Store, new VacuumOptions(), TimeProvider.System));
        Assert.Contains(LakeLayout.Commit(Run, 1), ex.Message);
        Assert.NotNull(await lake.Store.StatAsync(orphan));
    }

    [Fact]
    public async Task A_cancelled_writer_leaves_no_visible_partial_shard_and_no_temp_files()
    {
        using var lake = new TempLake();
        using var spill = new TempDirectory("dp-spill");
        var factory = new SampleFactory();
        using var cancel = new CancellationTokenSource();
        var options = new LakeWriterOptions(RowGroupRows: 3) { SpillDirectory = spill.Path };

        await using (var writer = lake.Writer(Run, options))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    if (i == 7) await cancel.CancelAsync();
                    await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 32, 32 + 16 * (i % 2)), cancel.Token);
                }
            });
            Assert.Equal(2, Directory.GetFiles(spill.Path).Length);
        }

        Assert.Empty(Directory.GetFiles(spill.Path));
        Assert.Empty(await lake.Reader.ListCommitsAsync());
        Assert.Empty(await lake.Store.ListAsync("").ToListAsync());
    }

    [Fact]
    public async Task A_reused_run_id_continues_after_the_highest_sequence_number()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory();
        foreach (var pass in new[] { 1, 2 })
        {
            await using var writer = lake.Writer(Run);
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 32, 32));
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 64, 32));
            await writer.RejectAsync(factory.Reject(Run, lake.Time.GetUtcNow()));
            await writer.CompleteAsync();
        }
        // Another run whose id extends this one must not confuse the numbering.
        await using (var other = lake.Writer($"{Run}-2"))
        {
            await other.AppendAsync(factory.Sample($"{Run}-2", lake.Time.GetUtcNow()));
            await other.CompleteAsync();
        }

        var commits = await lake.Reader.ListCommitsAsync();
        Assert.Equal([1, 2, 3, 4, 5, 6], commits.Where(c => c.Run == Run).Select(c => c.Seq));
        Assert.Equal([1], commits.Where(c => c.Run == $"{Run}-2").Select(c => c.Seq));
        Assert.Equal(6, commits.Select(c => c.Shard).Distinct().Count(s => s.Contains($"{Run}-0")));
    }

    [Fact]
    public async Task The_same_sample_from_two_writers_is_read_once_first_commit_wins()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory();
        var shared = factory.Sample("x", lake.Time.GetUtcNow());
        var onlyB = factory.Sample("x", lake.Time.GetUtcNow());
        foreach (var (run, samples) in new[] { ("run-b", new[] { shared, onlyB }), ("run-a", new[] { shared }) })
        {
            await using var writer = lake.Writer(run);
            foreach (var sample in samples) await writer.AppendAsync(sample with { IngestRun = run });
            await writer.CompleteAsync();
        }

        var all = await lake.Reader.ReadAllSamplesAsync(includeImage: false).ToListAsync();
        Assert.Equal(2, all.Count);
        Assert.Equal("run-a", all.Single(s => s.SampleId == shared.SampleId).IngestRun);

        var keys = await lake.Reader.ReadSampleKeysAsync();
        Assert.Equal([(shared.SampleId, shared.Phash), (onlyB.SampleId, onlyB.Phash)], keys.Select(k => (k.SampleId, k.Phash)));
    }

    [Fact]
    public async Task After_a_failure_the_writer_takes_no_more_rows_but_a_bad_row_alone_does_not_fail_it()
    {
        using var lake = new TempLake();
        var store = new InstrumentedObjectStore(lake.Store) { FailPut = _ => new IOException("disk full") };
        var factory = new SampleFactory();
        await using var writer = LakeWriter.Create(store, Run, new LakeWriterOptions(RowGroupRows: 2), lake.Time);

        var incomplete = factory.Sample(Run, lake.Time.GetUtcNow()) with { Caption = null!, Concepts = ["a", null!] };
        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.AppendAsync(incomplete));
        Assert.Contains("caption, ", refused.Message);
        Assert.Contains("concepts", refused.Message);

        await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow()));
        await Assert.ThrowsAsync<IOException>(() => writer.CompleteAsync());
        var after = await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow())));
        Assert.Contains("failed earlier", after.Message);
        Assert.Contains("disk full", after.Message);
        Assert.Empty(await lake.Store.ListAsync("").ToListAsync());
    }

    [Fact]
    public async Task A_writer_refuses_rows_of_another_run()
    {
        using var lake = new TempLake();
        await using var writer = lake.Writer(Run);
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await writer.AppendAsync(new SampleFactory().Sample("other-run", lake.Time.GetUtcNow())));
        Assert.Contains("other-run", ex.Message);
    }
}
