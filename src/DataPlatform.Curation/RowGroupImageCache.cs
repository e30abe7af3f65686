using DataPlatform.Lake;
using DataPlatform.Lake.Caching;

namespace DataPlatform.Curation;

/// <summary>
/// The encoded images of recently used row groups, in memory, least recently used evicted beyond a byte cap.
/// Shards come through the <see cref="ShardCache"/>: a local lake's own files, or size-capped verified local
/// copies of a remote lake's shards. Used by one producer thread at a time.
/// </summary>
internal sealed class RowGroupImageCache(SampleIndex index, ShardCache shards, long maxBytes)
{
    private readonly Dictionary<(int Shard, int RowGroup), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    public async Task<byte[]> GetAsync(IndexedSample sample, CancellationToken ct)
    {
        var key = (sample.Shard, sample.RowGroup);
        if (_entries.TryGetValue(key, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Images[sample.Row];
        }
        var commit = index.Commits[sample.Shard];
        var path = await shards.GetLocalPathAsync(commit, ct);
        var images = await ShardImages.ReadRowGroupAsync(path, commit.Shard, sample.RowGroup, ct);
        long size = images.Sum(i => (long)i.Length);
        var entry = new Entry(key, images, size);
        _entries[key] = _recency.AddFirst(entry);
        _bytes += size;
        while (_bytes > maxBytes && _recency.Count > 1)
        {
            var last = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(last.Value.Key);
            _bytes -= last.Value.Size;
        }
        return images[sample.Row];
    }

    private sealed record Entry((int Shard, int RowGroup) Key, byte[][] Images, long Size);
}
