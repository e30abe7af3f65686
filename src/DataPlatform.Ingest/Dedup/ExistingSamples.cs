using DataPlatform.Core;
using DataPlatform.Lake;

namespace DataPlatform.Ingest.Dedup;

/// <summary>
/// What the lake already holds, read before a run starts: the committed sample ids with their pHashes
/// (cross-run exact and near dedup), and the (source, reason) pairs of committed rejects, so re-running
/// over the same input records no refusal twice.
/// </summary>
public sealed record ExistingSamples(
    IReadOnlySet<string> SampleIds,
    IReadOnlyList<(string SampleId, long Phash)> Phashes,
    IReadOnlySet<(string SourceUri, RejectReason Reason)> Rejects)
{
    public static ExistingSamples None { get; } = new(new HashSet<string>(), [], new HashSet<(string, RejectReason)>());

    /// <summary>Reads the sample keys (two columns only) and the rejects of every committed shard.</summary>
    public static async Task<ExistingSamples> ReadAsync(LakeReader reader, CancellationToken ct = default)
    {
        var keys = await reader.ReadSampleKeysAsync(ct);
        var rejects = new HashSet<(string, RejectReason)>();
        await foreach (var reject in reader.ReadAllRejectsAsync(ct)) rejects.Add((reject.SourceUri, reject.Reason));
        return new ExistingSamples(
            keys.Select(k => k.SampleId).ToHashSet(StringComparer.Ordinal),
            keys.Select(k => (k.SampleId, k.Phash)).ToList(),
            rejects);
    }
}
