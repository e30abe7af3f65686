using DataPlatform.Lake;
using DataPlatform.Stats.Synthetic;

namespace DataPlatform.Stats.Tests;

/// <summary>
/// One lake shared by the read-only tests of a class: two Zipf runs (run-a with small shards, so
/// buckets roll over several files) and a third run that stores 150 of run-a's samples again
/// (another writer, later commit: run-a's rows must win).
/// </summary>
public sealed class ZipfLakeFixture : IAsyncLifetime
{
    public TestLake Lake { get; } = new();

    public async Task InitializeAsync()
    {
        await Lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 1500, Concepts: 80, Rejects: 30, Seed: 11), "run-a",
            new LakeWriterOptions(TargetShardBytes: 32 * 1024, RowGroupRows: 100));
        await Lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 1000, Concepts: 80, Rejects: 20, Seed: 12), "run-b");
        var again = Lake.Written.Where(s => s.IngestRun == "run-a").Take(150)
            .Select((s, i) => s with { IngestRun = "run-c", SourceUri = $"dup/{i}.png" })
            .ToList();
        await Lake.WriteRunAsync("run-c", again);
    }

    public Task DisposeAsync()
    {
        Lake.Dispose();
        return Task.CompletedTask;
    }
}
