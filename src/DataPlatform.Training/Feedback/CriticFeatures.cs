using System.IO.Hashing;
using System.Text;
using DataPlatform.Curation;

namespace DataPlatform.Training;

/// <summary>
/// What the critic sees of a sample (PAPER-NOTES: pooled text, tag multi-hot, bucket), as the indices of its
/// active inputs: one per concept tag of the index's vocabulary, one per bucket, and the caption's words
/// hashed (XxHash32, stable across processes) into <see cref="HashedWords"/> slots, a cheap pooled text
/// embedding that sees words the tag vocabulary lacks ("left of", "two").
/// </summary>
public sealed class CriticFeatures
{
    public const int HashedWords = 256;
    private readonly int[][] _active;

    public CriticFeatures(SampleIndex index)
    {
        var tags = index.Samples.SelectMany(s => s.Concepts).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tagSlot = tags.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var bucketSlot = index.Buckets.Select((b, i) => (b.Name, i)).ToDictionary(p => p.Name, p => tags.Count + p.i);
        int wordBase = tags.Count + index.Buckets.Count;
        Width = wordBase + HashedWords;
        _active = new int[index.Samples.Count][];
        foreach (var s in index.Samples)
        {
            var active = new SortedSet<int>();
            foreach (var c in s.Concepts) active.Add(tagSlot[c]);
            active.Add(bucketSlot[$"{s.BucketH}x{s.BucketW}"]);
            foreach (var word in s.Caption.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                active.Add(wordBase + (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(word)) % HashedWords));
            _active[s.Ordinal] = active.ToArray();
        }
    }

    /// <summary>Number of inputs.</summary>
    public int Width { get; }

    /// <summary>Dense 0/1 rows for the given ordinals, (count, Width) row-major.</summary>
    public float[] Dense(IReadOnlyList<int> ordinals)
    {
        var rows = new float[ordinals.Count * Width];
        for (int r = 0; r < ordinals.Count; r++)
            foreach (var i in _active[ordinals[r]]) rows[r * Width + i] = 1f;
        return rows;
    }
}
