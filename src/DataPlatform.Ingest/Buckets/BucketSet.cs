namespace DataPlatform.Ingest.Buckets;

/// <summary>
/// The buckets of one target area: every height h on the token grid paired with the width on the grid
/// closest to side² / h, kept while the aspect ratio w/h lies within [1/maxAspect, maxAspect]. So all
/// buckets have about side² pixels and both sides are multiples of the token size.
/// </summary>
public sealed class BucketSet
{
    public BucketSet(int side, int tokenSize, double maxAspectRatio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, tokenSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAspectRatio, 1.0);
        Side = side;
        var area = (double)side * side;
        var buckets = new SortedSet<Bucket>(Comparer<Bucket>.Create((a, b) => a.AspectRatio.CompareTo(b.AspectRatio)));
        for (var h = tokenSize; h <= area / tokenSize; h += tokenSize)
        {
            var w = Math.Max(tokenSize, (int)Math.Round(area / h / tokenSize) * tokenSize);
            var ar = (double)w / h;
            if (ar > maxAspectRatio * (1 + 1e-9) || ar < 1 / maxAspectRatio * (1 - 1e-9)) continue;
            var bucket = new Bucket(h, w);
            // Two heights can round to the same aspect ratio; keep the one closest to the target area.
            if (buckets.TryGetValue(bucket, out var existing) && Math.Abs(existing.Area - area) <= Math.Abs(bucket.Area - area)) continue;
            buckets.Remove(bucket);
            buckets.Add(bucket);
        }
        Buckets = [.. buckets];
    }

    /// <summary>The target side: buckets hold about Side x Side pixels.</summary>
    public int Side { get; }

    /// <summary>The buckets ordered by aspect ratio (tallest first).</summary>
    public IReadOnlyList<Bucket> Buckets { get; }

    /// <summary>The bucket whose log aspect ratio is closest to the image's (ties: the area closest to Side²).</summary>
    public Bucket Nearest(int width, int height)
    {
        var target = Math.Log((double)width / height);
        var area = (double)Side * Side;
        return Buckets
            .OrderBy(b => Math.Round(Math.Abs(Math.Log(b.AspectRatio) - target), 12))
            .ThenBy(b => Math.Abs(b.Area - area))
            .First();
    }
}
