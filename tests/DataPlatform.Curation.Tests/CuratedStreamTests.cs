using DataPlatform.Curation;
using DataPlatform.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Curation.Tests;

public sealed class CuratedStreamTests
{
    [Fact]
    public async Task A_resumed_stream_yields_the_same_sample_ids_as_an_uninterrupted_one_across_a_weight_swap()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "resume", 25, (32, 32), (32, 64));
        var options = new StreamOptions(BatchSize: 6, Seed: 11, PrefetchBatches: 3);
        var start = SamplingWeights.Uniform(index);
        var swapped = SamplingWeights.FromValues(index.Samples.Select(s => s.Ordinal < 10 ? 5.0 : 1.0).ToList(), "swapped");

        var uninterrupted = new List<string>();
        await using (var stream = new CuratedStream(index, CurationLakes.Cache(lake), start, options))
        {
            for (int step = 0; step < 20; step++)
            {
                if (step == 8) await stream.SwapWeightsAsync(swapped);
                uninterrupted.AddRange((await stream.NextAsync()).SampleIds);
            }
        }

        var resumed = new List<string>();
        StreamState state;
        using var saved = new TempDirectory("dp-stream");
        var weightsFile = Path.Combine(saved.Path, "weights.bin");
        await using (var stream = new CuratedStream(index, CurationLakes.Cache(lake), start, options))
        {
            for (int step = 0; step < 12; step++)
            {
                if (step == 8) await stream.SwapWeightsAsync(swapped);
                resumed.AddRange((await stream.NextAsync()).SampleIds);
            }
            state = stream.State;
            stream.Weights.Save(weightsFile, index.Fingerprint);
        }
        // a later commit must not change the resumed stream: the index is rebuilt from the saved commits
        await CurationLakes.WriteAsync(lake, "later", 5, (32, 32));
        var rebuilt = await SampleIndex.BuildAsync(lake.Store, state.Commits);
        Assert.Equal(state.IndexFingerprint, rebuilt.Fingerprint);
        await using (var stream = new CuratedStream(rebuilt, CurationLakes.Cache(lake), SamplingWeights.Load(weightsFile, rebuilt),
                         options with { Seed = state.Seed }, state.NextStep))
        {
            for (long step = state.NextStep; step < 20; step++) resumed.AddRange((await stream.NextAsync()).SampleIds);
        }

        Assert.Equal(20 * 6, uninterrupted.Count);
        Assert.Equal(uninterrupted, resumed);
    }

    [Fact]
    public async Task Batches_hold_the_stored_pixels_as_floats_in_minus_one_to_one()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "pixels", 5, (32, 64));
        await using var stream = new CuratedStream(index, CurationLakes.Cache(lake), SamplingWeights.Uniform(index), new StreamOptions(BatchSize: 3));
        var batch = await stream.NextAsync();
        Assert.Equal((32, 64), (batch.Height, batch.Width));
        Assert.Equal(3 * 3 * 32 * 64, batch.Pixels.Length);

        var stored = await lake.Reader.ReadAllSamplesAsync(includeImage: true).ToDictionaryAsync(s => s.SampleId);
        using var image = Image.Load<Rgb24>(stored[batch.SampleIds[1]].Image);
        int plane = 32 * 64, offset = 3 * plane;  // sample 1 of the batch
        foreach (var (x, y) in new[] { (0, 0), (63, 31), (17, 9) })
        {
            var pixel = image[x, y];
            Assert.Equal(pixel.R / 127.5f - 1f, batch.Pixels[offset + y * 64 + x], 5);
            Assert.Equal(pixel.G / 127.5f - 1f, batch.Pixels[offset + plane + y * 64 + x], 5);
            Assert.Equal(pixel.B / 127.5f - 1f, batch.Pixels[offset + 2 * plane + y * 64 + x], 5);
        }
        Assert.Equal(stored[batch.SampleIds[2]].Caption, batch.Captions[2]);
    }

    [Fact]
    public async Task An_index_rebuilt_from_a_commit_that_was_removed_fails_naming_it()
    {
        using var lake = new TempLake();
        var index = await CurationLakes.WriteAsync(lake, "gone", 3, (32, 32));
        var key = index.CommitKeys[0];
        await lake.Store.DeleteAsync(key);
        var error = await Assert.ThrowsAsync<Core.InvalidInputException>(() => SampleIndex.BuildAsync(lake.Store, [key]));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task A_stored_image_that_does_not_decode_surfaces_from_the_stream_naming_the_sample()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory(3);
        var broken = factory.Sample("broken", lake.Time.GetUtcNow()) with { Image = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3] };
        await using (var writer = lake.Writer("broken"))
        {
            await writer.AppendAsync(broken);
            await writer.CompleteAsync();
        }
        var index = await SampleIndex.BuildAsync(lake.Store);
        await using var stream = new CuratedStream(index, CurationLakes.Cache(lake), SamplingWeights.Uniform(index), new StreamOptions(BatchSize: 1));
        var error = await Assert.ThrowsAsync<Core.InvalidInputException>(() => stream.NextAsync());
        Assert.Contains(broken.SampleId, error.Message);
    }
}
