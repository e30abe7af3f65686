using DataPlatform.Core;

namespace DataPlatform.Curation;

/// <summary>
/// How the curated stream draws and prepares batches.
/// </summary>
/// <param name="BatchSize">Samples per batch on this rank. Default 64.</param>
/// <param name="Seed">Seed of every draw; the same seed, weights and step give the same batch. Default 1.</param>
/// <param name="Rank">This process's rank, 0..WorldSize-1. Default 0.</param>
/// <param name="WorldSize">Processes sharing the stream; each draws its own slice of every step's batch. Default 1.</param>
/// <param name="PrefetchBatches">Batches decoded ahead in the background. Default 4.</param>
/// <param name="ImageCacheBytes">Encoded image bytes of row groups kept in memory (least recently used evicted). Default 512 MiB.</param>
public sealed record StreamOptions(int BatchSize = 64, long Seed = 1, int Rank = 0, int WorldSize = 1, int PrefetchBatches = 4,
    long ImageCacheBytes = 512L << 20)
{
    public void Validate(Validation v, string prefix = "stream")
    {
        v.AtLeast($"{prefix}.batch_size", BatchSize, 1)
         .AtLeast($"{prefix}.world_size", WorldSize, 1)
         .AtLeast($"{prefix}.prefetch_batches", PrefetchBatches, 1)
         .AtLeast($"{prefix}.image_cache_bytes", ImageCacheBytes, 0);
        if (Rank < 0 || Rank >= Math.Max(1, WorldSize)) v.Add($"{prefix}.rank must be in 0..{Math.Max(1, WorldSize) - 1}, was {Rank}");
    }
}
