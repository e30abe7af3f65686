using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Lake.Tests;

public class RoundTripTests
{
    private const string Run = "20261128T120000Z-00abcd";

    [Fact]
    public async Task Written_samples_read_back_equal_in_every_column()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory(seed: 7);
        var written = new List<SampleRecord>
        {
            factory.Sample(Run, lake.Time.GetUtcNow(), concepts: ["circle", "red"]),
            factory.Sample(Run, lake.Time.GetUtcNow().AddMilliseconds(1), caption: "ein grüner Kreis über einem 青い四角 🟦", concepts: ["青い", "grün"]),
            factory.Sample(Run, lake.Time.GetUtcNow().AddMicroseconds(3), concepts: []),
            factory.Sample(Run, lake.Time.GetUtcNow(), concepts: ["one"]),
        };

        await using (var writer = lake.Writer(Run))
        {
            foreach (var sample in written) await writer.AppendAsync(sample);
            var commits = await writer.CompleteAsync();
            Assert.Single(commits);
            Assert.Equal(written.Count, commits[0].RowCount);
        }

        var commit = Assert.Single(await lake.Reader.ListCommitsAsync());
        var read = await lake.Reader.ReadSamplesAsync(commit, includeImage: true).ToListAsync();
        Assert.Equal(written.Count, read.Count);
        for (var i = 0; i < written.Count; i++) AssertSameSample(written[i], read[i]);
    }

    [Fact]
    public async Task Rejects_read_back_with_their_reason_codes()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory();
        var written = Enum.GetValues<RejectReason>()
            .Select(reason => factory.Reject(Run, lake.Time.GetUtcNow(), reason, detail: $"détail {reason} ✓"))
            .ToList();

        await using (var writer = lake.Writer(Run))
        {
            foreach (var reject in written) await writer.RejectAsync(reject);
            var commit = Assert.Single(await writer.CompleteAsync());
            Assert.Equal(LakeLayout.RejectKind, commit.Kind);
            Assert.Equal(LakeLayout.RejectShard(Run, 1), commit.Shard);
            Assert.Null(commit.BucketH);
        }

        var read = await lake.Reader.ReadAllRejectsAsync().ToListAsync();
        Assert.Equal(written, read);
    }

    [Fact]
    public async Task Each_bucket_gets_its_own_shard_and_commit()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory();
        await using (var writer = lake.Writer(Run))
        {
            for (var i = 0; i < 5; i++) await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 32, 64));
            for (var i = 0; i < 3; i++) await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow(), 48, 16));
            await writer.RejectAsync(factory.Reject(Run, lake.Time.GetUtcNow()));
            await writer.CompleteAsync();
        }

        var commits = await lake.Reader.ListCommitsAsync();
        var samples = commits.Where(c => c.Kind == LakeLayout.SampleKind).ToDictionary(c => (c.BucketH, c.BucketW));
        Assert.Equal(5, samples[(32, 64)].RowCount);
        Assert.Equal(3, samples[(48, 16)].RowCount);
        Assert.Single(commits, c => c.Kind == LakeLayout.RejectKind);
        Assert.Equal([1, 2, 3], commits.Select(c => c.Seq).Order());
        foreach (var commit in samples.Values)
        {
            await foreach (var row in lake.Reader.ReadSamplesAsync(commit, includeImage: false))
            {
                Assert.Equal((commit.BucketH, commit.BucketW), (row.BucketH, row.BucketW));
            }
        }
    }

    [Fact]
    public async Task Timestamps_are_stored_in_utc_at_millisecond_precision()
    {
        using var lake = new TempLake();
        var local = new DateTimeOffset(2026, 11, 28, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        await using (var writer = lake.Writer(Run))
        {
            await writer.AppendAsync(new SampleFactory().Sample(Run, local));
            await writer.CompleteAsync();
        }

        var commit = Assert.Single(await lake.Reader.ListCommitsAsync());
        var read = Assert.Single(await lake.Reader.ReadSamplesAsync(commit, includeImage: false).ToListAsync());
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero).AddMilliseconds(123), read.IngestedAt);
        Assert.Equal(TimeSpan.Zero, read.IngestedAt.Offset);
    }

    [Fact]
    public async Task A_store_that_only_streams_is_read_through_a_local_spool()
    {
        using var lake = new TempLake();
        var store = new InstrumentedObjectStore(lake.Store) { NonSeekable = true };
        var factory = new SampleFactory(seed: 2);
        var written = new List<SampleRecord>();
        await using (var writer = LakeWriter.Create(store, Run, new LakeWriterOptions(RowGroupRows: 2), lake.Time))
        {
            for (var i = 0; i < 5; i++)
            {
                written.Add(factory.Sample(Run, lake.Time.GetUtcNow()));
                await writer.AppendAsync(written[^1]);
            }
            await writer.CompleteAsync();
        }

        var read = await new LakeReader(store).ReadAllSamplesAsync(includeImage: true).ToListAsync();
        Assert.Equal(written.Count, read.Count);
        for (var i = 0; i < written.Count; i++) AssertSameSample(written[i], read[i]);
        Assert.Empty(await LakeVerifier.VerifyAsync(store));
    }

    [Fact]
    public async Task Two_writers_of_different_runs_commit_into_one_lake_at_the_same_time()
    {
        using var lake = new TempLake();
        async Task<IReadOnlyList<CommitRecord>> WriteAsync(string run, int seed)
        {
            var factory = new SampleFactory(seed);
            await using var writer = LakeWriter.Create(lake.Store, run, new LakeWriterOptions(TargetShardBytes: 16 * 1024, RowGroupRows: 2), lake.Time);
            for (var i = 0; i < 30; i++)
            {
                await writer.AppendAsync(factory.Sample(run, lake.Time.GetUtcNow(), 32, 32 + 32 * (i % 2)));
                await Task.Yield();
            }
            return await writer.CompleteAsync();
        }

        var results = await Task.WhenAll(Task.Run(() => WriteAsync("run-a", 1)), Task.Run(() => WriteAsync("run-b", 2)));

        var commits = await lake.Reader.ListCommitsAsync();
        Assert.Equal(results.Sum(r => r.Count), commits.Count);
        Assert.Equal(60, commits.Sum(c => c.RowCount));
        Assert.Equal(60, await lake.Reader.ReadAllSamplesAsync(includeImage: false).CountAsync());
        Assert.Empty(await LakeVerifier.VerifyAsync(lake.Store));
    }

    internal static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    internal static void AssertSameSample(SampleRecord expected, SampleRecord actual, bool withImage = true)
    {
        Assert.Equal(expected.SampleId, actual.SampleId);
        Assert.Equal(expected.ImageSha256, actual.ImageSha256);
        Assert.Equal(expected.Phash, actual.Phash);
        Assert.Equal(expected.Caption, actual.Caption);
        Assert.Equal(expected.CaptionSource, actual.CaptionSource);
        Assert.Equal(expected.SourceUri, actual.SourceUri);
        Assert.Equal((expected.OrigWidth, expected.OrigHeight), (actual.OrigWidth, actual.OrigHeight));
        Assert.Equal(expected.OrigFormat, actual.OrigFormat);
        Assert.Equal((expected.BucketH, expected.BucketW), (actual.BucketH, actual.BucketW));
        Assert.Equal((expected.CropTop, expected.CropLeft), (actual.CropTop, actual.CropLeft));
        if (withImage) Assert.Equal(expected.Image, actual.Image);
        Assert.Equal(expected.ImageFormat, actual.ImageFormat);
        Assert.Equal(expected.Concepts, actual.Concepts);
        Assert.Equal(expected.IngestRun, actual.IngestRun);
        Assert.Equal(TruncateToMilliseconds(expected.IngestedAt), actual.IngestedAt);
        Assert.Equal(TimeSpan.Zero, actual.IngestedAt.Offset);
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
    }
}
