using DataPlatform.Core;

namespace DataPlatform.Lake.Caching;

/// <summary>
/// Where a <see cref="ShardCache"/> keeps local copies of remote lake files, and how many bytes it may hold.
/// </summary>
/// <param name="Folder">Cache folder (default <see cref="DefaultFolder"/>: <c>$XDG_CACHE_HOME/dataplatform/shards</c>,
/// else <c>~/.cache/dataplatform/shards</c>).</param>
/// <param name="MaxBytes">Size cap in bytes (default 10 GB). Files pinned by the current session are never evicted,
/// so a session whose own files exceed the cap still works and the cache shrinks back afterwards.</param>
public sealed record ShardCacheOptions(string Folder, long MaxBytes = ShardCacheOptions.DefaultMaxBytes)
{
    public const long DefaultMaxBytes = 10L * 1000 * 1000 * 1000;

    /// <summary>The default folder and cap.</summary>
    public static ShardCacheOptions Default => new(DefaultFolder());

    /// <summary><c>$XDG_CACHE_HOME/dataplatform/shards</c>, else <c>~/.cache/dataplatform/shards</c>.</summary>
    public static string DefaultFolder(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var xdg = environment("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "dataplatform", "shards");
    }

    public void Validate(Validation v, string prefix = "shard_cache")
    {
        v.NotEmpty($"{prefix}.folder", Folder);
        v.AtLeast($"{prefix}.max_bytes", MaxBytes, 1);
    }
}
