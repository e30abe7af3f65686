namespace DataPlatform.Ingest.Dedup;

/// <summary>
/// What the lake already holds, for cross-run dedup: the committed sample ids and their pHashes
/// (read by the lake reader before the run starts).
/// </summary>
public sealed record ExistingSamples(IReadOnlySet<string> SampleIds, IReadOnlyList<(string SampleId, long Phash)> Phashes)
{
    public static ExistingSamples None { get; } = new(new HashSet<string>(), []);
}
