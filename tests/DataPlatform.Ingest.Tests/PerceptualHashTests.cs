using DataPlatform.Ingest.Dedup;
using DataPlatform.Ingest.Imaging;
using DataPlatform.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DataPlatform.Ingest.Tests;

public sealed class PerceptualHashTests
{
    private static long HashOf(byte[] encoded)
    {
        using var image = Image.Load<Rgb24>(encoded);
        return PerceptualHash.Compute(image);
    }

    [Fact]
    public void Reencoded_and_resized_copies_hash_within_a_few_bits()
    {
        using var original = TestImages.Pattern(256, 256, 41);
        var baseline = PerceptualHash.Compute(original);
        using var resized = original.Clone(x => x.Resize(128, 128));
        using var ms = new MemoryStream();
        original.Save(ms, new JpegEncoder { Quality = 40 });
        Assert.InRange(PerceptualHash.Distance(baseline, PerceptualHash.Compute(resized)), 0, 4);
        Assert.InRange(PerceptualHash.Distance(baseline, HashOf(ms.ToArray())), 0, 4);
    }

    [Fact]
    public void Different_images_hash_far_apart()
    {
        var hashes = Enumerable.Range(0, 12).Select(seed => HashOf(TestImages.Png(128, 128, 500 + seed))).ToArray();
        var distances = from i in Enumerable.Range(0, hashes.Length)
                        from j in Enumerable.Range(i + 1, hashes.Length - i - 1)
                        select PerceptualHash.Distance(hashes[i], hashes[j]);
        var list = distances.ToList();
        Assert.True(list.Min() > 8, $"closest pair of different images differs in {list.Min()} bits");
        Assert.InRange(list.Average(), 20, 44);
    }

    [Fact]
    public void Near_duplicate_index_finds_exactly_the_hashes_within_the_distance()
    {
        var rng = new Random(7);
        var stored = Enumerable.Range(0, 2000).Select(_ => rng.NextInt64()).ToArray();
        var index = new NearDuplicateIndex(4);
        for (var i = 0; i < stored.Length; i++) index.Add(stored[i], $"s{i}");

        var query = stored[123] ^ (1L << 3) ^ (1L << 40) ^ (1L << 63); // 3 bits away
        Assert.Equal(("s123", 3), index.FindNear(query));
        var far = stored[5] ^ 0x1F; // 5 bits away
        var brute = stored.Select((h, i) => (i, d: PerceptualHash.Distance(h, far))).Where(x => x.d <= 4).ToList();
        Assert.Equal(brute.Count == 0, index.FindNear(far) is null);
    }
}
