using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

/// <summary><see cref="TorchRuntime.UseThreads"/> against libtorch keeping its intra-op thread count per OS thread.</summary>
[Collection("torch")]
public class ThreadCountTests
{
    [Fact]
    public void UseThreads_applies_the_count_on_a_thread_that_ran_torch_under_another_count()
    {
        using var ranTorch = new SemaphoreSlim(0);
        using var countChanged = new SemaphoreSlim(0);
        int kept = 0, used = 0;
        var worker = new Thread(() =>
        {
            torch.set_num_threads(2);
            ones(1 << 20).sum().Dispose();  // large enough to run in parallel, which fixes this thread's count
            ranTorch.Release();
            countChanged.Wait();
            kept = torch.get_num_threads();
            TorchRuntime.UseThreads(1);
            used = torch.get_num_threads();
        });
        worker.Start();
        ranTorch.Wait();
        torch.set_num_threads(1);  // on this thread: the worker is not told
        countChanged.Release();
        worker.Join();

        Assert.Equal(2, kept);  // the premise: a later set_num_threads elsewhere does not reach a thread that ran torch
        Assert.Equal(1, used);
    }
}
