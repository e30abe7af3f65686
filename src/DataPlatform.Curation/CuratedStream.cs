using System.Threading.Channels;
using DataPlatform.Core;
using DataPlatform.Lake.Caching;

namespace DataPlatform.Curation;

/// <summary>
/// The stream a trainer consumes: batches planned by <see cref="BatchPlanner"/> (weighted, one bucket each,
/// deterministic per step), read and decoded to floats by a background producer that stays
/// <see cref="StreamOptions.PrefetchBatches"/> ahead. <see cref="SwapWeightsAsync"/> replaces the weights
/// between two steps: batches prefetched under the old weights are dropped and the producer restarts at
/// the next step, so the batch of step s depends only on (seed, s, the weights in force at s), and a resumed
/// stream (<see cref="State"/>) continues identically. Not thread-safe: one consumer calls
/// <see cref="NextAsync"/> and <see cref="SwapWeightsAsync"/>.
/// </summary>
public sealed class CuratedStream : IAsyncDisposable
{
    private readonly SampleIndex _index;
    private readonly RowGroupImageCache _images;
    private BatchPlanner _planner;
    private Channel<TrainingBatch> _channel = null!;
    private CancellationTokenSource _producerCancel = null!;
    private Task _producer = Task.CompletedTask;

    public CuratedStream(SampleIndex index, ShardCache shards, SamplingWeights weights, StreamOptions options, long startStep = 0)
    {
        var v = new Validation();
        options.Validate(v);
        v.ThrowIfInvalid();
        _index = index;
        _images = new RowGroupImageCache(index, shards, options.ImageCacheBytes);
        _planner = new BatchPlanner(index, weights, options);
        NextStep = startStep;
        StartProducer();
    }

    /// <summary>The step of the batch the next <see cref="NextAsync"/> returns.</summary>
    public long NextStep { get; private set; }

    public SamplingWeights Weights => _planner.Weights;

    public SampleIndex Index => _index;

    public StreamOptions Options => _planner.Options;

    public StreamState State => new(NextStep, Options.Seed, Options.BatchSize, Options.Rank, Options.WorldSize,
        Weights.Version, _index.Fingerprint, _index.CommitKeys);

    /// <summary>The batch of <see cref="NextStep"/>; a read or decode failure of the producer is rethrown here.</summary>
    public async Task<TrainingBatch> NextAsync(CancellationToken ct = default)
    {
        TrainingBatch batch;
        try
        {
            batch = await _channel.Reader.ReadAsync(ct);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(closed.InnerException);
            throw;
        }
        if (batch.Step != NextStep) throw new InvalidOperationException($"stream produced step {batch.Step}, expected {NextStep}");
        NextStep++;
        return batch;
    }

    /// <summary>From <see cref="NextStep"/> on, draw with <paramref name="weights"/> (same index).</summary>
    public async Task SwapWeightsAsync(SamplingWeights weights)
    {
        var planner = new BatchPlanner(_index, weights, Options);
        await StopProducerAsync();
        _planner = planner;
        StartProducer();
    }

    /// <summary>Plans, reads and decodes the batch of one step now, on the caller's thread (tests, tools).</summary>
    public Task<TrainingBatch> LoadAsync(long step, CancellationToken ct = default) => LoadAsync(_planner.Plan(step), ct);

    private async Task<TrainingBatch> LoadAsync(BatchPlan plan, CancellationToken ct)
    {
        int h = plan.Bucket.Height, w = plan.Bucket.Width, size = 3 * h * w;
        var pixels = new float[plan.Ordinals.Length * size];
        var ids = new string[plan.Ordinals.Length];
        var captions = new string[plan.Ordinals.Length];
        for (int i = 0; i < plan.Ordinals.Length; i++)
        {
            var sample = _index.Samples[plan.Ordinals[i]];
            var encoded = await _images.GetAsync(sample, ct);
            ImageDecoding.DecodeInto(encoded, h, w, pixels.AsSpan(i * size, size), sample.SampleId);
            ids[i] = sample.SampleId;
            captions[i] = sample.Caption;
        }
        return new TrainingBatch(plan.Step, h, w, plan.Ordinals, ids, captions, pixels, plan.WeightsVersion);
    }

    private void StartProducer()
    {
        _channel = Channel.CreateBounded<TrainingBatch>(new BoundedChannelOptions(Options.PrefetchBatches)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        _producerCancel = new CancellationTokenSource();
        var channel = _channel;
        var planner = _planner;
        var ct = _producerCancel.Token;
        long from = NextStep;
        _producer = Task.Run(async () =>
        {
            try
            {
                for (long step = from; ; step++)
                {
                    var batch = await LoadAsync(planner.Plan(step), ct);
                    await channel.Writer.WriteAsync(batch, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);
    }

    private async Task StopProducerAsync()
    {
        await _producerCancel.CancelAsync();
        await _producer;
        _producerCancel.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopProducerAsync();
}
