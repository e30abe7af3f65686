using DataPlatform.Curation;
using DataPlatform.Lake.Caching;
using DataPlatform.Testing;

namespace DataPlatform.Curation.Tests;

/// <summary>Real lakes for the stream tests: samples written by the real Parquet lake writer, in one or two buckets.</summary>
internal static class CurationLakes
{
    /// <summary>Writes <paramref name="perBucket"/> samples into each of the given buckets (one run) and returns their index.</summary>
    public static async Task<SampleIndex> WriteAsync(TempLake lake, string run, int perBucket, params (int H, int W)[] buckets)
    {
        var factory = new SampleFactory(run.GetHashCode(StringComparison.Ordinal) & 0xffff);
        await using (var writer = lake.Writer(run))
        {
            foreach (var (h, w) in buckets)
                for (int i = 0; i < perBucket; i++) await writer.AppendAsync(factory.Sample(run, lake.Time.GetUtcNow(), h, w));
            await writer.CompleteAsync();
        }
        return await SampleIndex.BuildAsync(lake.Store);
    }

    public static ShardCache Cache(TempLake lake) => new(lake.Store, new ShardCacheOptions(System.IO.Path.Combine(lake.Path, ".cache")));
}
