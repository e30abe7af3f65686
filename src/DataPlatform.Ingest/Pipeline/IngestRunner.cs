using System.Diagnostics;
using System.Threading.Channels;
using DataPlatform.Core;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Dedup;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;

namespace DataPlatform.Ingest.Pipeline;

/// <summary>
/// Runs an ingest: the source is enumerated into a bounded channel, <see cref="IngestOptions.Workers"/>
/// decode workers turn inputs into outcomes (a second bounded channel), and one writer consumes them:
/// exact dedup within the run, optional near-duplicate dropping, appends to the <see cref="ILakeWriter"/>,
/// summary counts and progress. Bounded channels give back-pressure, so memory does not grow with the
/// input size. Per-input problems never stop the run; a failing lake writer or cancellation does.
/// </summary>
public sealed class IngestRunner(IngestOptions options, ConceptVocabulary vocabulary, TimeProvider clock)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    public async Task<IngestSummary> RunAsync(
        IIngestSource source, ILakeWriter writer, ExistingSamples existing,
        IProgress<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        options.Validated();
        var stopwatch = Stopwatch.StartNew();
        var processor = new ItemProcessor(options, vocabulary, existing.SampleIds, writer.Run, clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var items = Channel.CreateBounded<SourceItem>(new BoundedChannelOptions(options.QueueCapacity) { SingleWriter = true });
        var outcomes = Channel.CreateBounded<ItemOutcome>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        var counts = new RunCounts();

        var producer = Task.Run(() => ProduceAsync(source, items.Writer, counts, stop.Token), stop.Token);
        var workers = Enumerable.Range(0, options.Workers)
            .Select(_ => Task.Run(() => WorkAsync(processor, items.Reader, outcomes.Writer, stop.Token), stop.Token))
            .ToArray();
        var workersDone = Task.WhenAll(workers).ContinueWith(
            t => outcomes.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);

        var tally = new RunTally(writer, options, existing, clock);
        try
        {
            var lastReport = TimeSpan.Zero;
            await foreach (var outcome in outcomes.Reader.ReadAllAsync(stop.Token))
            {
                await tally.HandleAsync(outcome, stop.Token);
                if (progress is not null && stopwatch.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = stopwatch.Elapsed;
                    progress.Report(tally.Progress(counts.Enumerated, counts.SourceFinished));
                }
            }
            await producer;
            await workersDone;
        }
        catch
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers.Append(producer)).ContinueWith(_ => { }, TaskScheduler.Default);
            // A source that fails as a whole (bad manifest header) is the error to report, not the
            // channel errors it caused in the workers.
            if (producer.Exception?.InnerException is { } sourceError)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sourceError);
            throw;
        }
        var commits = await writer.CompleteAsync(ct);
        progress?.Report(tally.Progress(counts.Enumerated, true));
        return tally.Summary(source.Description, counts.Enumerated, commits, stopwatch.Elapsed);
    }

    private static async Task ProduceAsync(IIngestSource source, ChannelWriter<SourceItem> items, RunCounts counts, CancellationToken ct)
    {
        try
        {
            await using var e = source.ReadAsync(ct).GetAsyncEnumerator(ct);
            while (true)
            {
                SourceItem item;
                try
                {
                    if (!await e.MoveNextAsync()) break;
                    item = e.Current;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    // The source broke mid-run (e.g. its manifest vanished): record it and finish the run.
                    item = SourceItem.Failed(source.Description, RejectReason.Unreadable,
                        $"{source.Description} stopped yielding inputs: {ex.GetType().Name}: {ex.Message}");
                    await items.WriteAsync(item, ct);
                    counts.SourceYielded();
                    break;
                }
                await items.WriteAsync(item, ct);
                counts.SourceYielded();
            }
            counts.SourceFinished = true;
            items.TryComplete();
        }
        catch (Exception ex)
        {
            items.TryComplete(ex);
            throw;
        }
    }

    private static async Task WorkAsync(ItemProcessor processor, ChannelReader<SourceItem> items, ChannelWriter<ItemOutcome> outcomes, CancellationToken ct)
    {
        await foreach (var item in items.ReadAllAsync(ct))
        {
            await outcomes.WriteAsync(processor.Process(item, ct), ct);
        }
    }

    /// <summary>Counters the producer updates and the writer reads.</summary>
    private sealed class RunCounts
    {
        private long _enumerated;
        public long Enumerated => Interlocked.Read(ref _enumerated);
        public volatile bool SourceFinished;
        public void SourceYielded() => Interlocked.Increment(ref _enumerated);
    }
}
