using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

/// <summary><see cref="TorchRuntime.ReleaseFreeMemory"/> must return both kinds of free memory a training run piles up.</summary>
[Collection("torch")]
public class MemoryReleaseTests
{
    /// <summary>
    /// 64 MB of small tensors freed below one still alive: glibc keeps those pages (only the top of a heap is returned on
    /// free), and the release must hand them back. Linux (glibc) only, as is the project.
    /// </summary>
    [Fact]
    public void Freed_tensor_memory_that_the_native_heap_kept_is_returned()
    {
        var freed = Enumerable.Range(0, 2048).Select(_ => ones(8192)).ToList();  // 32 KB each, below the mmap threshold
        using var alive = ones(8192);
        foreach (var t in freed) t.Dispose();

        var (before, after) = TorchRuntime.ReleaseFreeMemory();

        Assert.True(before - after > 32L << 20, $"resident {before >> 20} MB before the release, {after >> 20} MB after");
    }

    /// <summary>
    /// 256 MB of managed arrays dropped inside a collector pause (as a run's steps drop their batches): nothing collects
    /// them during the pause, and the release must.
    /// </summary>
    [Fact]
    public void Managed_garbage_left_by_a_collector_pause_is_collected_and_its_memory_returned()
    {
        GcPause.Run(() => AllocateGarbage(256), budget: 320L << 20);

        var (before, after) = TorchRuntime.ReleaseFreeMemory();

        Assert.True(before - after > 128L << 20, $"resident {before >> 20} MB before the release, {after >> 20} MB after");
    }

    /// <summary>Megabyte arrays, each touched so its pages are resident, none kept.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AllocateGarbage(int megabytes)
    {
        for (int i = 0; i < megabytes; i++)
        {
            var array = new float[1 << 18];
            Array.Fill(array, i);
            GC.KeepAlive(array);
        }
        return megabytes;
    }
}
