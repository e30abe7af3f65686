using DataPlatform.Core;
using DataPlatform.Curation;
using DataPlatform.Lake;
using DataPlatform.Lake.Caching;

namespace DataPlatform.Training;

/// <summary>The curated stream of a run (<see cref="CuratedStream"/>).</summary>
public sealed record StreamSection
{
    /// <summary>Samples per step on this rank. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Starting weights: "current" (the lake's current weights snapshot, uniform when there is none), "statistical" (the
    /// latest snapshot of dp weights, not a training run's feedback weights), "uniform", or a snapshot version. Default current.
    /// </summary>
    public string Weights { get; init; } = "current";

    public int Rank { get; init; }

    public int WorldSize { get; init; } = 1;

    /// <summary>Batches decoded ahead in the background. Default 4.</summary>
    public int PrefetchBatches { get; init; } = 4;

    /// <summary>Encoded images kept in memory, MiB. Default 512.</summary>
    public long ImageCacheMb { get; init; } = 512;

    /// <summary>Local shard cache for S3 lakes (default: the platform cache folder) and its cap in MiB (default 10,000).</summary>
    public string? ShardCacheDir { get; init; }

    public long ShardCacheMb { get; init; } = 10_000;

    /// <summary>The shard cache the stream reads through (a local lake's own files; verified copies of an S3 lake's).</summary>
    public ShardCache ShardCache(IObjectStore store) =>
        new(store, new ShardCacheOptions(ShardCacheDir ?? ShardCacheOptions.DefaultFolder(), ShardCacheMb << 20));

    public StreamOptions Options(long seed) => new(BatchSize, seed, Rank, WorldSize, PrefetchBatches, ImageCacheMb << 20);

    public void Validate(Validation v)
    {
        Options(1).Validate(v, "stream");
        v.NotEmpty("stream.weights", Weights).AtLeast("stream.shard_cache_mb", ShardCacheMb, 1);
    }
}
