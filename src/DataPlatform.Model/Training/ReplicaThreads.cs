using System.Collections.Concurrent;

namespace DataPlatform.Model;

/// <summary>
/// Long-lived threads for work that runs side by side: the data-parallel replicas of <see cref="DJepaTrainer"/> and
/// batches of generation, one thread per part after the first (which runs on the calling thread). A new thread per
/// step cost the process a thread's start-up, glibc arena and torch thread state every step: a 150-step run had 3.2
/// million page faults and 21 s of system time.
/// </summary>
public sealed class ReplicaThreads : IDisposable
{
    private readonly BlockingCollection<(Action Work, TaskCompletionSource Done)>[] _queues;
    private readonly Thread[] _threads;

    public ReplicaThreads(int count)
    {
        _queues = Enumerable.Range(0, count).Select(_ => new BlockingCollection<(Action, TaskCompletionSource)>()).ToArray();
        _threads = _queues.Select((queue, i) => new Thread(() => Serve(queue)) { IsBackground = true, Name = $"replica {i + 1}" }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Runs work on thread i; the task completes (or faults) when it is done.</summary>
    private Task Run(int i, Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queues[i].Add((work, done));
        return done.Task;
    }

    /// <summary>
    /// Runs parts[0] on the calling thread and parts[i] on thread i - 1, and returns when all are done. It waits for every
    /// part even when the calling thread's part fails (the others may read tensors it made), then rethrows that part's
    /// failure, else the failure of the lowest-numbered other part.
    /// </summary>
    public void RunAll(IReadOnlyList<Action> parts)
    {
        if (parts.Count - 1 > _threads.Length)
            throw new ArgumentException($"{parts.Count} parts need {parts.Count - 1} threads besides the caller's, there are {_threads.Length}", nameof(parts));
        var others = parts.Skip(1).Select((part, i) => Run(i, part)).ToArray();
        try
        {
            if (parts.Count > 0) parts[0]();
        }
        finally
        {
            try { Task.WaitAll(others); } catch (AggregateException) { }
        }
        Task.WhenAll(others).GetAwaiter().GetResult();  // rethrows another part's failure
    }

    /// <summary>
    /// Torch threads for part i of n sharing the given threads: an even share, the remainder to the first parts, and at
    /// least one each (so n parts on fewer threads still run, one torch thread each).
    /// </summary>
    public static int TorchThreadsOf(int part, int parts, int threads) => Math.Max(1, threads / parts + (part < threads % parts ? 1 : 0));

    private static void Serve(BlockingCollection<(Action Work, TaskCompletionSource Done)> queue)
    {
        foreach (var (work, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    public void Dispose()
    {
        foreach (var queue in _queues) queue.CompleteAdding();
        foreach (var thread in _threads) thread.Join();
        foreach (var queue in _queues) queue.Dispose();
    }
}
