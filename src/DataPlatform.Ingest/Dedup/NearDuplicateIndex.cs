namespace DataPlatform.Ingest.Dedup;

/// <summary>
/// Finds a stored pHash within Hamming distance k of a query without scanning everything
/// (multi-index hashing): the 64 bits are cut into k + 1 chunks; by the pigeonhole principle two hashes
/// within distance k agree exactly on at least one chunk, so only hashes sharing a chunk are compared.
/// Not thread-safe (the run's single writer owns it).
/// </summary>
public sealed class NearDuplicateIndex
{
    private readonly int _maxDistance;
    private readonly (int Shift, int Bits)[] _chunks;
    private readonly Dictionary<ulong, List<int>>[] _tables;
    private readonly List<(long Hash, string SampleId)> _entries = [];

    public NearDuplicateIndex(int maxDistance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistance, 63);
        _maxDistance = maxDistance;
        var count = maxDistance + 1;
        _chunks = new (int, int)[count];
        for (int i = 0, shift = 0; i < count; i++)
        {
            var bits = 64 / count + (i < 64 % count ? 1 : 0);
            _chunks[i] = (shift, bits);
            shift += bits;
        }
        _tables = [.. Enumerable.Range(0, count).Select(_ => new Dictionary<ulong, List<int>>())];
    }

    public int Count => _entries.Count;

    public void Add(long hash, string sampleId)
    {
        var index = _entries.Count;
        _entries.Add((hash, sampleId));
        for (var c = 0; c < _chunks.Length; c++)
        {
            var key = Chunk(hash, c);
            if (!_tables[c].TryGetValue(key, out var list)) _tables[c][key] = list = [];
            list.Add(index);
        }
    }

    /// <summary>The closest stored hash within the distance, or null.</summary>
    public (string SampleId, int Distance)? FindNear(long hash)
    {
        (string, int)? best = null;
        for (var c = 0; c < _chunks.Length; c++)
        {
            if (!_tables[c].TryGetValue(Chunk(hash, c), out var list)) continue;
            foreach (var index in list)
            {
                var (stored, id) = _entries[index];
                var distance = Imaging.PerceptualHash.Distance(stored, hash);
                if (distance <= _maxDistance && (best is null || distance < best.Value.Item2)) best = (id, distance);
            }
        }
        return best;
    }

    private ulong Chunk(long hash, int c)
    {
        var (shift, bits) = _chunks[c];
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        return ((ulong)hash >> shift) & mask;
    }
}
