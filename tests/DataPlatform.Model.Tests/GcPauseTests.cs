using System.Runtime;

namespace DataPlatform.Model.Tests;

/// <summary>The property the trainer relies on: inside a pause, another thread's allocations start no collection.</summary>
public class GcPauseTests
{
    [Fact]
    public void No_collection_runs_inside_a_pause_while_another_thread_allocates()
    {
        var (atStart, atEnd) = GcPause.Run(() =>
        {
            int start = GC.CollectionCount(0);  // starting a pause may itself collect, so count from inside it
            var decoder = new Thread(() =>
            {
                for (int i = 0; i < 1000; i++) GC.KeepAlive(new byte[16 << 10]);  // 16 MB, well above a gen-0 budget
            });
            decoder.Start();
            decoder.Join();
            return (start, GC.CollectionCount(0));
        });

        Assert.Equal(atStart, atEnd);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Work_that_outgrows_the_budget_still_completes_and_collections_resume()
    {
        int before = GC.CollectionCount(0);
        long total = GcPause.Run(() =>
        {
            long sum = 0;
            for (int i = 0; i < 100; i++) sum += new byte[1 << 20].Length;  // 100 MB against an 8 MB budget
            return sum;
        }, budget: 8L << 20);

        Assert.Equal(100L << 20, total);
        Assert.True(GC.CollectionCount(0) > before, "the runtime collects once the budget is spent");
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
