using System.Runtime.InteropServices;

namespace DataPlatform.Model;

/// <summary>
/// Process-wide concerns of the native torch runtime. The OpenMP wait policy, applied before libtorch loads: OpenMP
/// worker threads spin-wait by default; when other processes share the cores that made training steps several times
/// slower here (CALIBRATION.md). PASSIVE makes idle workers sleep (costs ~12% on a quiet machine, saves far more
/// under contention). An OMP_WAIT_POLICY already set by the user is left alone. And returning free memory to the
/// system during long runs (<see cref="ReleaseFreeMemory"/>).
/// </summary>
public static partial class TorchRuntime
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    // glibc's malloc.h
    private const int TrimThreshold = -1, TopPad = -2, MmapMax = -4;

    // at::globalContext() and at::Context::setUserEnabledMkldnn(bool), Itanium-mangled: TorchSharp binds neither.
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static partial nint GlobalContext();

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledMkldnn(nint context);

    /// <summary>
    /// Sets OMP_WAIT_POLICY for the native runtime unless the user set it. Must run before the first torch call
    /// (OpenMP reads it once when it loads). Returns the policy in effect.
    /// </summary>
    public static string UseOpenMpWaitPolicy(string policy = "PASSIVE")
    {
        var existing = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        if (!string.IsNullOrEmpty(existing)) return existing;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) SetEnv("OMP_WAIT_POLICY", policy, 0);
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", policy);
        return policy;
    }

    /// <summary>
    /// Whether torch's idle OpenMP threads sleep (OMP_WAIT_POLICY is PASSIVE, as <see cref="Prepare"/> sets it by default).
    /// Only then can torch work run side by side on threads of its own: a spinning thread would take a core from the others.
    /// </summary>
    public static bool IdleThreadsSleep =>
        string.Equals(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), "PASSIVE", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The process's set-up before its first torch call: the OpenMP wait policy (<see cref="UseOpenMpWaitPolicy"/>),
    /// glibc's heap (<see cref="KeepTensorMemoryInHeap"/>), then libtorch loaded with its oneDNN kernels off
    /// (<see cref="DisableOneDnn"/>). Returns the wait policy in effect.
    /// </summary>
    public static string Prepare(string policy = "PASSIVE")
    {
        var inEffect = UseOpenMpWaitPolicy(policy);
        KeepTensorMemoryInHeap();
        DisableOneDnn();
        return inEffect;
    }

    /// <summary>
    /// Turns off libtorch's oneDNN kernels, as <c>torch.backends.mkldnn.enabled = False</c> does in PyTorch, so that
    /// convolutions and GELU take ATen's own kernels. On an AMD EPYC with AVX-512 (2026-11-30) oneDNN 3.7.1's
    /// backward-data convolution returned wrong input gradients whenever the output channels were not a multiple of its
    /// block (8 with AVX2, 16 with AVX-512): for the KL-VAE's 3x3 convolutions at batch 6-8 they differed from float64's
    /// by 1.9-3.1, or were NaN, and the VAE diverged at its second step. Without oneDNN every case matched float64 to
    /// 2e-6, and GELU got faster (forward and backward of 2,688 x 512 values: 2.0-2.2 ms against 2.6-2.9 ms). The
    /// switch is a flag in libtorch's global context, read at each operator, so it holds for every thread from here on;
    /// <see cref="KlVae"/> and <see cref="DJepaT2I"/> call it before their first layer. Returns whether oneDNN is off
    /// (false where libtorch_cpu does not export the switch).
    /// </summary>
    public static bool DisableOneDnn()
    {
        if (!OperatingSystem.IsLinux()) return false;
        TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);  // libtorch loaded by TorchSharp's own resolver first
        try
        {
            var context = GlobalContext();
            SetUserEnabledMkldnn(context, false);
            return !UserEnabledMkldnn(context);
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes torch work on the calling OS thread use the given intra-op thread count. libtorch keeps the count per OS
    /// thread: a thread takes the count set last (anywhere) when it first runs torch work in parallel, and keeps it;
    /// a later <c>set_num_threads</c> on another thread does not reach it. Async code resumes on whichever thread-pool
    /// thread is free, so a training step could run with a count that other work fixed on that thread, and its parallel
    /// reductions would split differently: two identical test runs differed in the 8th digit of a loss under CI load.
    /// Call before torch work that follows an await; it costs nothing when the count is already right.
    /// </summary>
    public static void UseThreads(int threads)
    {
        if (TorchSharp.torch.get_num_threads() != threads) TorchSharp.torch.set_num_threads(threads);
    }

    /// <summary>
    /// Keeps freed tensor memory in glibc's heap for reuse (Linux). By default glibc serves an allocation above its mmap
    /// threshold with fresh pages, which the kernel zero-fills on first touch and unmaps on free; the threshold rises
    /// only to the size of a freed mapping (at most 32 MB), so a step's activations of the same sizes are mapped again
    /// every step, and the heap's free top is returned beyond a trim threshold. Here: no mmapped chunks and no automatic
    /// trimming. Measured: 10 Small-preset steps on the process's main thread, 1.2-1.3 million minor faults -> 0.6
    /// million, 2 s less system time, 5% less wall time; 60 steps of the reference recipe (steps on thread-pool threads),
    /// 1.52 -> 0.87 million faults and 4.9 -> 3.4 s system time, wall time unchanged within the host's noise.
    /// A thread other than the main one allocates from its own arena of 64 MB heaps, and glibc unmaps a heap as soon as it
    /// is empty unless the heap below has room for the top pad; a 64 MB top pad keeps them. Measured with two replicas
    /// (one on a worker thread), per Small-preset step (runs of 3 and 9 steps): munmap 105 -> 12 calls, mmap 59 -> 14,
    /// mprotect 92 -> 37, page faults 33,000 -> 8,400; over two more 9-step runs each, faults 570-662 -> 570-573 thousand,
    /// peak RSS unchanged (2.3-2.4 GB): the pad is address space, touched only when used. <see cref="ReleaseFreeMemory"/>
    /// still returns free pages every release_memory_every training steps (50 by default). Call before the first tensor
    /// is made. Returns false where glibc's mallopt is not available.
    /// </summary>
    public static bool KeepTensorMemoryInHeap()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallOpt(MmapMax, 0) == 1 && MallOpt(TrimThreshold, int.MaxValue) == 1 && MallOpt(TopPad, 64 << 20) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;  // not glibc
        }
    }

    /// <summary>
    /// Hands free memory back to the system and returns the process's resident bytes before and after. First a full,
    /// compacting collection that also decommits the managed heap's free regions, and the finalizers it queues: torch
    /// objects that no dispose scope owned hold native memory until then, and training steps run with the collector
    /// paused (<see cref="GcPause"/>). Then glibc's <c>malloc_trim(0)</c> (Linux): libtorch frees each step's tensors into
    /// glibc's per-thread arenas, which keep the pages. A Small-preset run that only trimmed, every 500 steps, still
    /// held 12 GB after its trim at step 3,000; with both every 50 steps the reference run stayed near 0.5 GB.
    /// </summary>
    public static (long Before, long After) ReleaseFreeMemory()
    {
        long before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (OperatingSystem.IsLinux()) MallocTrim(0);
        return (before, Environment.WorkingSet);
    }
}
