using System.Security.Cryptography;
using System.Text;
using DataPlatform.Core;
using DataPlatform.Lake;

namespace DataPlatform.Curation;

/// <summary>
/// One committed sample as the stream knows it: its place in the index (Ordinal), its id, bucket, where its
/// image is (shard, row group, row) and the metadata the critic reads (caption, concepts). No image bytes.
/// </summary>
public sealed record IndexedSample(int Ordinal, string SampleId, int BucketH, int BucketW, int Shard, int RowGroup, int Row,
    string Caption, IReadOnlyList<string> Concepts);

/// <summary>A resolution bucket of the index and the ordinals of its samples (ascending).</summary>
public sealed record IndexedBucket(int Height, int Width, int[] Ordinals)
{
    public string Name => $"{Height}x{Width}";
}

/// <summary>
/// The metadata of every committed sample of a lake (never the image bytes), built from a fixed list of commit
/// records so a resumed run can rebuild exactly the index it started with even after newer commits landed.
/// Duplicate sample ids across commits: the first commit in key order wins (as <see cref="LakeReader"/>).
/// </summary>
public sealed class SampleIndex
{
    private SampleIndex(IReadOnlyList<CommitRecord> commits, IReadOnlyList<IndexedSample> samples)
    {
        Commits = commits;
        Samples = samples;
        Buckets = samples.GroupBy(s => (s.BucketH, s.BucketW))
            .OrderBy(g => g.Key.BucketH).ThenBy(g => g.Key.BucketW)
            .Select(g => new IndexedBucket(g.Key.BucketH, g.Key.BucketW, g.Select(s => s.Ordinal).ToArray()))
            .ToList();
        Fingerprint = ComputeFingerprint(commits);
    }

    /// <summary>The sample commits the index was built from, in key order (their shard is <see cref="IndexedSample.Shard"/>).</summary>
    public IReadOnlyList<CommitRecord> Commits { get; }

    public IReadOnlyList<IndexedSample> Samples { get; }

    public IReadOnlyList<IndexedBucket> Buckets { get; }

    /// <summary>SHA-256 over the commit keys and checksums: equal fingerprints mean the same samples in the same order.</summary>
    public string Fingerprint { get; }

    /// <summary>Commit keys (<c>_commits/&lt;run&gt;-&lt;seq&gt;.json</c>) of <see cref="Commits"/>, for the stream state.</summary>
    public IReadOnlyList<string> CommitKeys => Commits.Select(c => LakeLayout.Commit(c.Run, c.Seq)).ToList();

    /// <summary>
    /// Reads the metadata columns of every committed sample shard, or only of <paramref name="commitKeys"/>
    /// (a resumed run's). A key that no longer exists fails naming it.
    /// </summary>
    public static async Task<SampleIndex> BuildAsync(IObjectStore store, IReadOnlyList<string>? commitKeys = null,
        IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var reader = new LakeReader(store);
        IReadOnlyList<CommitRecord> commits;
        if (commitKeys is null)
        {
            commits = (await reader.ListCommitsAsync(ct)).Where(c => c.Kind == LakeLayout.SampleKind).ToList();
        }
        else
        {
            var list = new List<CommitRecord>();
            foreach (var key in commitKeys)
            {
                if (await store.StatAsync(key, ct) is null)
                    throw new InvalidInputException($"commit {key} of the stream's index no longer exists in lake {store.Root} (was the lake vacuumed or rewritten?)");
                list.Add(await CommitRecords.ReadAsync(store, key, ct));
            }
            commits = list;
        }

        var samples = new List<IndexedSample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int shard = 0; shard < commits.Count; shard++)
        {
            int rowGroup = 0;
            await foreach (var rows in reader.ReadSampleBatchesAsync(commits[shard], includeImage: false, ct))
            {
                for (int row = 0; row < rows.Length; row++)
                {
                    var r = rows[row];
                    if (!seen.Add(r.SampleId)) continue;
                    samples.Add(new IndexedSample(samples.Count, r.SampleId, r.BucketH, r.BucketW, shard, rowGroup, row, r.Caption, r.Concepts));
                }
                rowGroup++;
            }
            progress?.Report(samples.Count);
        }
        if (samples.Count == 0) throw new InvalidInputException($"lake {store.Root} has no committed samples to train on");
        return new SampleIndex(commits, samples);
    }

    private static string ComputeFingerprint(IReadOnlyList<CommitRecord> commits)
    {
        var text = new StringBuilder();
        foreach (var c in commits) text.Append(c.Shard).Append('\t').Append(c.Sha256).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
