using DataPlatform.Core;

namespace DataPlatform.Stats.Synthetic;

/// <summary>
/// Produces the records of a <see cref="ZipfLakeSpec"/> deterministically (same spec and run, same
/// records), and writes them through a real lake writer.
/// </summary>
public sealed class ZipfLakeGenerator
{
    private static readonly string[] Fillers =
        ["a", "photo", "of", "with", "on", "the", "small", "large", "next", "to", "bright", "plain", "background", "and", "scene"];

    private readonly ZipfLakeSpec _spec;
    private readonly double[] _cdf;

    public ZipfLakeGenerator(ZipfLakeSpec spec)
    {
        var v = new Validation();
        spec.Validate(v);
        v.ThrowIfInvalid();
        _spec = spec;
        _cdf = new double[spec.Concepts];
        var total = 0.0;
        for (var k = 0; k < spec.Concepts; k++)
        {
            total += Math.Pow(k + 1, -spec.ZipfExponent);
            _cdf[k] = total;
        }
        for (var k = 0; k < spec.Concepts; k++) _cdf[k] /= total;
    }

    /// <summary>The samples of run <paramref name="run"/>, generated lazily (nothing is kept in memory).</summary>
    public IEnumerable<SampleRecord> Samples(string run, DateTimeOffset at)
    {
        var rng = new Random(unchecked(_spec.Seed * 31 + StableHash(run)));
        var bucketTotal = ZipfLakeSpec.Buckets.Sum(b => b.Weight);
        var image = new byte[_spec.ImageBytes];
        var concepts = new SortedSet<string>(StringComparer.Ordinal);
        var words = new List<string>();
        for (var i = 0; i < _spec.Samples; i++)
        {
            concepts.Clear();
            var want = rng.NextDouble() < 0.05 ? 0 : 1 + rng.Next(_spec.MaxConceptsPerSample);
            while (concepts.Count < want) concepts.Add(ZipfLakeSpec.ConceptName(DrawRank(rng)));

            words.Clear();
            words.AddRange(concepts);
            var filler = rng.Next(2, 24);
            for (var w = 0; w < filler; w++) words.Insert(rng.Next(words.Count + 1), Fillers[rng.Next(Fillers.Length)]);
            var caption = string.Join(' ', words);

            var (h, w2) = DrawBucket(rng, bucketTotal);
            rng.NextBytes(image);
            var sha = SampleIds.Sha256Hex(image);
            yield return new SampleRecord
            {
                SampleId = SampleIds.ForSample(sha, caption),
                ImageSha256 = sha,
                Phash = rng.NextInt64(),
                Caption = caption,
                CaptionSource = "txt",
                SourceUri = $"synthetic/{run}/{i:D8}.png",
                OrigWidth = w2 * 2,
                OrigHeight = h * 2,
                OrigFormat = "png",
                BucketH = h,
                BucketW = w2,
                CropTop = 0,
                CropLeft = 0,
                Image = (byte[])image.Clone(),
                ImageFormat = "png",
                Concepts = concepts.ToArray(),
                IngestRun = run,
                IngestedAt = at,
            };
        }
    }

    /// <summary>The reject rows of run <paramref name="run"/>.</summary>
    public IEnumerable<RejectRecord> Rejects(string run, DateTimeOffset at)
    {
        var rng = new Random(unchecked(_spec.Seed * 31 + StableHash(run) + 1));
        var reasons = Enum.GetValues<RejectReason>();
        for (var i = 0; i < _spec.Rejects; i++)
        {
            var reason = reasons[rng.Next(reasons.Length)];
            yield return new RejectRecord
            {
                SourceUri = $"synthetic/{run}/bad-{i:D6}.jpg",
                Reason = reason,
                Detail = $"generated reject {i} ({reason.Code()})",
                IngestRun = run,
                RejectedAt = at,
            };
        }
    }

    /// <summary>Writes run <paramref name="run"/>'s samples and rejects through <paramref name="writer"/> and commits them.</summary>
    public async Task WriteAsync(Lake.ILakeWriter writer, DateTimeOffset at, CancellationToken ct = default)
    {
        foreach (var sample in Samples(writer.Run, at)) await writer.AppendAsync(sample, ct);
        foreach (var reject in Rejects(writer.Run, at)) await writer.RejectAsync(reject, ct);
        await writer.CompleteAsync(ct);
    }

    private int DrawRank(Random rng)
    {
        var index = Array.BinarySearch(_cdf, rng.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cdf.Length - 1);
    }

    private static (int H, int W) DrawBucket(Random rng, double total)
    {
        var x = rng.NextDouble() * total;
        foreach (var (h, w, weight) in ZipfLakeSpec.Buckets)
        {
            if ((x -= weight) < 0) return (h, w);
        }
        return (ZipfLakeSpec.Buckets[0].H, ZipfLakeSpec.Buckets[0].W);
    }

    /// <summary>FNV-1a of the run name: string.GetHashCode is randomised per process.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text) hash = (hash ^ ch) * 16777619u;
        return (int)hash;
    }
}
