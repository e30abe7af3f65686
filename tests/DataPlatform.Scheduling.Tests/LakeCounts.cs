using DataPlatform.Lake;

namespace DataPlatform.Scheduling.Tests;

/// <summary>Committed sample rows and distinct sample ids of a lake: equal when nothing is stored twice.</summary>
internal sealed record LakeCounts(long Rows, long DistinctIds)
{
    public static async Task<LakeCounts> ReadAsync(IObjectStore store)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long rows = 0;
        await foreach (var sample in new LakeReader(store).ReadAllSamplesAsync(includeImage: false))
        {
            rows++;
            ids.Add(sample.SampleId);
        }
        return new LakeCounts(rows, ids.Count);
    }
}
