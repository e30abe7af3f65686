using DataPlatform.Core;
using DataPlatform.Lake;

namespace DataPlatform.Ingest.Tests;

/// <summary>Temporary stand-in until the lake branch lands: keeps appended rows in memory.</summary>
internal sealed class RecordingLakeWriter(string run) : ILakeWriter
{
    public string Run => run;
    public List<SampleRecord> Samples { get; } = [];
    public List<RejectRecord> Rejects { get; } = [];
    public bool Completed { get; private set; }

    public ValueTask AppendAsync(SampleRecord sample, CancellationToken ct = default)
    {
        Samples.Add(sample);
        return ValueTask.CompletedTask;
    }

    public ValueTask RejectAsync(RejectRecord reject, CancellationToken ct = default)
    {
        Rejects.Add(reject);
        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<CommitRecord>> CompleteAsync(CancellationToken ct = default)
    {
        Completed = true;
        return Task.FromResult<IReadOnlyList<CommitRecord>>([]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
