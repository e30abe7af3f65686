using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Lake.Tests;

/// <summary>Statistics and dedup read metadata only: the image column must never be read for them.</summary>
public class ProjectionTests
{
    private const string Run = "20261128T120000Z-0p0p0p";

    [Fact]
    public async Task A_metadata_only_read_never_reads_the_image_column()
    {
        using var lake = new TempLake();
        var store = new InstrumentedObjectStore(lake.Store);
        var factory = new SampleFactory(seed: 9);
        var written = new List<Core.SampleRecord>();
        await using (var writer = LakeWriter.Create(store, Run, new LakeWriterOptions(RowGroupRows: 8), lake.Time))
        {
            for (var i = 0; i < 40; i++)
            {
                // 64x64 noise PNGs: ~12 KB each, so images are ~99% of the file.
                written.Add(factory.Sample(Run, lake.Time.GetUtcNow(), 64, 64));
                await writer.AppendAsync(written[^1]);
            }
            await writer.CompleteAsync();
        }
        var commit = Assert.Single(await lake.Reader.ListCommitsAsync());
        var imageBytes = written.Sum(s => (long)s.Image.Length);

        var metadata = await new LakeReader(store).ReadSamplesAsync(commit, includeImage: false).ToListAsync();
        var metadataRead = store.BytesRead(commit.Shard);

        Assert.Equal(written.Count, metadata.Count);
        Assert.All(metadata, s => Assert.Empty(s.Image));
        for (var i = 0; i < written.Count; i++) RoundTripTests.AssertSameSample(written[i], metadata[i], withImage: false);
        Assert.True(metadataRead < commit.ByteSize - imageBytes + 64 * 1024,
            $"a metadata read took {metadataRead} bytes of a {commit.ByteSize}-byte shard holding {imageBytes} image bytes");

        var keys = await new LakeReader(store).ReadSampleKeysAsync();
        var keysRead = store.BytesRead(commit.Shard) - metadataRead;
        Assert.Equal(written.Select(s => s.SampleId), keys.Select(k => k.SampleId));
        Assert.True(keysRead < commit.ByteSize / 10, $"reading sample keys took {keysRead} bytes of a {commit.ByteSize}-byte shard");

        var full = await new LakeReader(store).ReadSamplesAsync(commit, includeImage: true).ToListAsync();
        var fullRead = store.BytesRead(commit.Shard) - metadataRead - keysRead;
        Assert.Equal(written[7].Image, full[7].Image);
        Assert.True(fullRead >= imageBytes, $"reading with images read {fullRead} bytes for {imageBytes} image bytes");
    }
}
