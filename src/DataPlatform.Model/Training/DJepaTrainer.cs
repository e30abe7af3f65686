using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Scalars of one training step, copied out of the step's dispose scope.</summary>
public sealed record TrainStepResult(double Total, double Flow, double Pred, float[] FlowPerSample, float[] PredPerSample, float[] TimePerSample,
    double MaskRatio, int MaskedTokens, int Tokens, double GradNorm, StepTimings Timings);

/// <summary>Wall time of the phases of one step, in seconds, each including a GPU's queued work (for benchmarks and the trainer's metrics).</summary>
public sealed record StepTimings(double Prepare, double Forward, double Backward, double Optimizer, double Ema)
{
    public double Total => Prepare + Forward + Backward + Optimizer + Ema;
}

/// <summary>
/// One D-JEPA training step for a batch of one bucket: tokenize (no grad), caption dropout to the null caption,
/// masking, L_flow + L_pred, backward, grad clip and AdamW (<see cref="FusedAdamW"/>), EMA. The EMA model is the target encoder.
/// One dispose scope per step (STACK-NOTES T5). The generator drives masking, noise and caption dropout.
/// With <see cref="Replicas"/> above 1 a step is data-parallel inside the process: the batch is split into that many
/// parts, each part's losses and backward run on their own thread with the torch threads divided among the parts (one
/// each on two cores), and the gradients add up in the shared parameters (the parts' losses weighted by their share of
/// the batch, so the gradient is the whole batch's).
/// Each part draws its noise and dropout masks from its own generator, seeded from <see cref="Generator"/> every step, so
/// a run stays reproducible; its draws differ from a one-replica run's. On two cores, two replicas keep both cores busy
/// with the serial work (operator dispatch, small kernels) that leaves one of torch's two threads idle about a fifth of
/// a one-replica step. Needs OMP_WAIT_POLICY=PASSIVE: spinning OpenMP workers of the calling thread would take a core.
/// </summary>
public sealed class DJepaTrainer : IDisposable
{
    private ReplicaThreads? _replicaThreads;

    public DJepaTrainer(DJepaT2I model, DJepaT2I ema, IVisualTokenizer tokenizer, AdamW optimizer, Generator generator, int replicas = 1)
    {
        if (replicas < 1) throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "replicas must be at least 1");
        Model = model;
        EmaModel = ema;
        Tokenizer = tokenizer;
        Optimizer = optimizer;
        Generator = generator;
        Replicas = replicas;
    }

    public DJepaT2I Model { get; }
    public DJepaT2I EmaModel { get; }
    public IVisualTokenizer Tokenizer { get; }
    public AdamW Optimizer { get; }
    public Generator Generator { get; }

    /// <summary>Data-parallel parts of each step, each on its own thread (1: the whole batch on the calling thread).</summary>
    public int Replicas { get; }

    /// <summary>Runs the replicas one after another on the calling thread (tests: the same result as in parallel).</summary>
    internal bool SequentialReplicas { get; init; }

    /// <summary>
    /// images (B, 3, H, W) in [-1, 1], all of one bucket; text ids/mask (B, L). Learning rate and weight decay are
    /// this step's values (the trainer owns the schedule). Runs with the GC paused (<see cref="GcPause"/>).
    /// </summary>
    public TrainStepResult Step(Tensor images, TextBatch text, double learningRate, double weightDecay,
        double emaDecay = 0.9999, double gradClip = 3.0) =>
        GcPause.Run(() => StepUnpaused(images, text, learningRate, weightDecay, emaDecay, gradClip));

    private TrainStepResult StepUnpaused(Tensor images, TextBatch text, double learningRate, double weightDecay, double emaDecay, double gradClip)
    {
        using var scope = NewDisposeScope();
        var device = Model.Device;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double Lap() { TorchDevices.Synchronize(device); double t = clock.Elapsed.TotalSeconds; clock.Restart(); return t; }  // a GPU's queued work counts
        Model.train();
        EmaModel.eval();
        if (!TorchDevices.IsOn(images, device)) images = images.to(device);
        text = text.To(device);
        TokenGrid grid;
        using (no_grad()) grid = Tokenizer.Encode(images);  // (B, N, C)
        var conditioned = DropCaptions(text, Model.Config.CaptionDropout);
        var mask = Masking.Plan(images.shape[0], grid.Height * grid.Width, Masking.SampleRatio(Model.Config, Generator), Generator, images.device);

        OptimizerFactory.SetSchedule(Optimizer, learningRate, weightDecay);
        FusedAdamW.ZeroGrad(Optimizer);
        double prepare = Lap();
        var losses = Replicas == 1 ? LossesAndGradients(grid, conditioned, mask, Generator, 1.0) : ReplicatedLossesAndGradients(grid, conditioned, mask);
        clock.Restart();
        double norm = FusedAdamW.ClipAndStep(Optimizer, gradClip);
        double optimizer = Lap();
        Ema.Update(EmaModel, Model, emaDecay);
        double ema = Lap();
        return new TrainStepResult(losses.Total, losses.Flow, losses.Pred, losses.FlowPerSample, losses.PredPerSample, losses.TimePerSample,
            mask.Ratio, mask.MaskedCount, grid.Height * grid.Width, norm, new StepTimings(prepare, losses.Forward, losses.Backward, optimizer, ema));
    }

    /// <summary>A step's (or a replica's) losses copied out of torch, with the wall time of its forward and backward.</summary>
    private sealed record StepLosses(double Total, double Flow, double Pred, float[] FlowPerSample, float[] PredPerSample, float[] TimePerSample,
        double Forward, double Backward);

    /// <summary>L_flow + L_pred of these samples, and backward of the total times weight (the samples' share of the batch).</summary>
    private StepLosses LossesAndGradients(TokenGrid grid, TextBatch text, MaskPlan mask, Generator generator, double weight)
    {
        var clock = Stopwatch.StartNew();
        var loss = DJepaLoss.Compute(Model, EmaModel, grid, text, mask, generator);
        var device = loss.Total.device;
        TorchDevices.Synchronize(device);
        double forward = clock.Elapsed.TotalSeconds;
        (weight == 1.0 ? loss.Total : loss.Total.mul(weight)).backward();
        TorchDevices.Synchronize(device);
        double backward = clock.Elapsed.TotalSeconds - forward;
        return new StepLosses(loss.Total.item<float>(), loss.Flow.item<float>(), loss.Pred.item<float>(), loss.FlowPerSample.data<float>().ToArray(),
            loss.PredPerSample.data<float>().ToArray(), loss.TimePerSample.data<float>().ToArray(), forward, backward);
    }

    /// <summary>
    /// The batch in <see cref="Replicas"/> contiguous parts, each on its own thread (the first on the calling thread) with
    /// the calling thread's torch threads shared out (at least one each), and a generator per part seeded from
    /// <see cref="Generator"/>; the per-sample losses in batch order.
    /// </summary>
    private StepLosses ReplicatedLossesAndGradients(TokenGrid grid, TextBatch text, MaskPlan mask)
    {
        long b = grid.Tokens.shape[0];
        var parts = Enumerable.Range(0, Replicas).Select(r => (Start: b * r / Replicas, Count: b * (r + 1) / Replicas - b * r / Replicas))
            .Where(p => p.Count > 0).ToList();
        var generators = parts.Select(_ => new Generator((ulong)randint(long.MaxValue, [1], dtype: int64, generator: Generator).item<long>())).ToList();
        var results = new StepLosses[parts.Count];
        int threads = torch.get_num_threads();
        void Run(int r)
        {
            TorchRuntime.UseThreads(ReplicaThreads.TorchThreadsOf(r, parts.Count, threads));
            using var scope = NewDisposeScope();
            using var keys = FastDropout.UseKeysFrom(generators[r]);
            var (start, count) = parts[r];
            var partGrid = new TokenGrid(grid.Tokens.narrow(0, start, count), grid.Height, grid.Width);
            var partText = new TextBatch(text.Ids.narrow(0, start, count), text.Mask.narrow(0, start, count));
            results[r] = LossesAndGradients(partGrid, partText, mask.Slice(start, count), generators[r], (double)count / b);
        }

        try
        {
            if (SequentialReplicas)
            {
                for (int r = 0; r < parts.Count; r++) Run(r);
            }
            else
            {
                _replicaThreads ??= new ReplicaThreads(Replicas - 1);
                _replicaThreads.RunAll([.. Enumerable.Range(0, parts.Count).Select(r => (Action)(() => Run(r)))]);  // the others read this step's tensors
            }
        }
        finally
        {
            TorchRuntime.UseThreads(threads);
            foreach (var generator in generators) generator.Dispose();
        }
        double Mean(Func<StepLosses, double> value) => parts.Select((p, r) => value(results[r]) * p.Count).Sum() / b;
        return new StepLosses(Mean(l => l.Total), Mean(l => l.Flow), Mean(l => l.Pred), [.. results.SelectMany(l => l.FlowPerSample)],
            [.. results.SelectMany(l => l.PredPerSample)], [.. results.SelectMany(l => l.TimePerSample)], results.Max(l => l.Forward), results.Max(l => l.Backward));
    }

    /// <summary>Stops the replicas' threads (none run with one replica).</summary>
    public void Dispose() => _replicaThreads?.Dispose();

    /// <summary>Replaces each caption by the null caption with probability p (drawn from the generator).</summary>
    public TextBatch DropCaptions(TextBatch text, double p)
    {
        long b = text.Ids.shape[0];
        var drop = rand([b], generator: Generator).lt(p).to(text.Ids.device);  // (B)
        if (!drop.any().item<bool>()) return text;
        var nullCaption = Model.TextEncoder.NullCaption(b).To(text.Ids.device);
        var both = TextBatches.Concat(text, nullCaption, Model.TextEncoder.PadId);
        var kept = both.Ids.narrow(0, 0, b);
        var dropped = both.Ids.narrow(0, b, b);
        var keep = drop.logical_not().view(b, 1);
        return new TextBatch(where(keep, kept, dropped), where(keep, both.Mask.narrow(0, 0, b), both.Mask.narrow(0, b, b)));
    }
}
