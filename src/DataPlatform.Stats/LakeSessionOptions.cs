using System.Text.RegularExpressions;
using DataPlatform.Core;
using DataPlatform.Lake.Caching;

namespace DataPlatform.Stats;

/// <summary>
/// Resources of a DuckDB session over a lake. Both are set explicitly (DuckDB's own defaults are all
/// cores and 80% of RAM, wrong for a long-running host that shares the machine).
/// </summary>
/// <param name="Threads">DuckDB worker threads (default 2, the cores of this machine).</param>
/// <param name="MemoryLimit">DuckDB memory limit in DuckDB's notation (default <c>2GB</c>).</param>
/// <param name="ShardCache">Where copies of a remote lake's files are kept (default null:
/// <see cref="ShardCacheOptions.Default"/>); unused for a local lake.</param>
public sealed partial record LakeSessionOptions(int Threads = 2, string MemoryLimit = "2GB", ShardCacheOptions? ShardCache = null)
{
    public static LakeSessionOptions Default { get; } = new();

    public void Validate(Validation v, string prefix = "stats")
    {
        v.AtLeast($"{prefix}.threads", Threads, 1);
        if (!MemoryLimitPattern().IsMatch(MemoryLimit ?? ""))
        {
            v.Add($"{prefix}.memory_limit must be a size such as 512MB or 2GB, was '{MemoryLimit}'");
        }
        ShardCache?.Validate(v, $"{prefix}.shard_cache");
    }

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryLimitPattern();
}
