using DataPlatform.Core;

namespace DataPlatform.Testing;

/// <summary>
/// Makes valid <see cref="SampleRecord"/>s and <see cref="RejectRecord"/>s with real PNG images for
/// lake tests. Deterministic for a seed.
/// </summary>
public sealed class SampleFactory(int seed = 1)
{
    private static readonly string[] Vocabulary = ["circle", "square", "triangle", "star", "red", "blue", "green", "small", "large"];
    private readonly Random _random = new(seed);
    private int _counter;

    /// <summary>A sample of <paramref name="run"/> in bucket <paramref name="bucketH"/> x <paramref name="bucketW"/> with a noise image of that size.</summary>
    public SampleRecord Sample(string run, DateTimeOffset at, int bucketH = 32, int bucketW = 32,
        string? caption = null, IReadOnlyList<string>? concepts = null)
    {
        var n = ++_counter;
        var image = TinyPng.Noise(_random, bucketW, bucketH);
        caption ??= $"sample {n}: a {Vocabulary[n % 4]} next to a {Vocabulary[4 + n % 3]} shape";
        var imageSha = SampleIds.Sha256Hex(image);
        return new SampleRecord
        {
            SampleId = SampleIds.ForSample(imageSha, caption),
            ImageSha256 = imageSha,
            Phash = _random.NextInt64(long.MinValue, long.MaxValue),
            Caption = caption,
            CaptionSource = "txt",
            SourceUri = $"images/{n:D5}.png",
            OrigWidth = bucketW * 2 + n % 7,
            OrigHeight = bucketH * 2 + n % 5,
            OrigFormat = "png",
            BucketH = bucketH,
            BucketW = bucketW,
            CropTop = n % 5,
            CropLeft = n % 7,
            Image = image,
            ImageFormat = "png",
            Concepts = concepts ?? Vocabulary.Where((_, i) => (n >> i & 1) == 1).Order(StringComparer.Ordinal).ToArray(),
            IngestRun = run,
            IngestedAt = at,
        };
    }

    /// <summary>A refused input of <paramref name="run"/>.</summary>
    public RejectRecord Reject(string run, DateTimeOffset at, RejectReason reason = RejectReason.CorruptImage, string? detail = null)
    {
        var n = ++_counter;
        return new RejectRecord
        {
            SourceUri = $"images/bad-{n:D5}.jpg",
            Reason = reason,
            Detail = detail ?? $"decoding failed at byte {n * 17}",
            IngestRun = run,
            RejectedAt = at,
        };
    }
}
