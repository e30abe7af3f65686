using System.Runtime.CompilerServices;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// Reads what is committed in a lake. Only shards named by a commit record are ever opened; every
/// commit record is parsed and validated (a malformed one is an <see cref="InvalidInputException"/>
/// naming its key; an empty one is a cut-off write that committed nothing, <see cref="CommitRecords.IsCutOff"/>). Rows stream one Parquet row group at a time. Samples with the same id committed by
/// several writers are resolved here: the first commit in ordinal key order wins.
/// </summary>
public sealed class LakeReader(IObjectStore store)
{
    public IObjectStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Every commit record in ordinal key order (<c>_commits/&lt;run&gt;-&lt;seq&gt;.json</c>).</summary>
    public async Task<IReadOnlyList<CommitRecord>> ListCommitsAsync(CancellationToken ct = default)
    {
        var commits = new List<CommitRecord>();
        await foreach (var key in CommitRecords.ListKeysAsync(Store, ct)) commits.Add(await CommitRecords.ReadAsync(Store, key, ct));
        return commits;
    }

    /// <summary>The samples of one committed shard, one array per row group. Without <paramref name="includeImage"/> the image column is never read and <c>Image</c> is empty.</summary>
    public async IAsyncEnumerable<SampleRecord[]> ReadSampleBatchesAsync(CommitRecord commit, bool includeImage,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        RequireKind(commit, LakeLayout.SampleKind);
        await using var shard = await ShardFile.OpenAsync(Store, commit, ct);
        await foreach (var rows in shard.RowGroupsAsync((c, t) => ShardRows.SamplesAsync(c, includeImage, t), ct))
        {
            yield return rows;
        }
    }

    /// <summary>The samples of one committed shard (see <see cref="ReadSampleBatchesAsync"/>).</summary>
    public async IAsyncEnumerable<SampleRecord> ReadSamplesAsync(CommitRecord commit, bool includeImage,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var rows in ReadSampleBatchesAsync(commit, includeImage, ct))
        {
            foreach (var row in rows) yield return row;
        }
    }

    /// <summary>The refused inputs of one committed rejects shard.</summary>
    public async IAsyncEnumerable<RejectRecord> ReadRejectsAsync(CommitRecord commit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        RequireKind(commit, LakeLayout.RejectKind);
        await using var shard = await ShardFile.OpenAsync(Store, commit, ct);
        await foreach (var rows in shard.RowGroupsAsync(ShardRows.RejectsAsync, ct))
        {
            foreach (var row in rows) yield return row;
        }
    }

    /// <summary>
    /// Every committed sample once: a sample id committed again (by another writer or run) is skipped
    /// after its first commit in ordinal key order. Holds the set of seen ids in memory.
    /// </summary>
    public async IAsyncEnumerable<SampleRecord> ReadAllSamplesAsync(bool includeImage, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var commit in await ListCommitsAsync(ct))
        {
            if (commit.Kind != LakeLayout.SampleKind) continue;
            await foreach (var row in ReadSamplesAsync(commit, includeImage, ct))
            {
                if (seen.Add(row.SampleId)) yield return row;
            }
        }
    }

    /// <summary>Every committed rejects row, in commit order.</summary>
    public async IAsyncEnumerable<RejectRecord> ReadAllRejectsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var commit in await ListCommitsAsync(ct))
        {
            if (commit.Kind != LakeLayout.RejectKind) continue;
            await foreach (var row in ReadRejectsAsync(commit, ct)) yield return row;
        }
    }

    /// <summary>
    /// (sample_id, phash) of every committed sample, each id once (first commit wins), reading only those
    /// two columns: what cross-run dedup and near-duplicate search need.
    /// </summary>
    public async Task<IReadOnlyList<SampleKey>> ReadSampleKeysAsync(CancellationToken ct = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<SampleKey>();
        foreach (var commit in await ListCommitsAsync(ct))
        {
            if (commit.Kind != LakeLayout.SampleKind) continue;
            await using var shard = await ShardFile.OpenAsync(Store, commit, ct);
            await foreach (var rows in shard.RowGroupsAsync(ShardRows.KeysAsync, ct))
            {
                keys.AddRange(rows.Where(k => seen.Add(k.SampleId)));
            }
        }
        return keys;
    }

    private static void RequireKind(CommitRecord commit, string kind)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.Kind != kind)
        {
            throw new ArgumentException($"commit of '{commit.Shard}' is a '{commit.Kind}' commit, not '{kind}'", nameof(commit));
        }
    }
}
