using System.Diagnostics;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Curation;
using DataPlatform.Lake;
using DataPlatform.Lake.Caching;
using DataPlatform.Model;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataPlatform.Training;

/// <summary>What a run reports while it trains.</summary>
public interface ITrainObserver
{
    void Started(TrainStart start);

    void Stepped(TrainLogRow row, long totalSteps);

    void Note(string message);
}

/// <summary>
/// How a run starts: fresh or resumed (from which checkpoint), its data and its model. This invocation trains
/// steps FirstStep..EndStep (EndStep is TotalSteps unless an until-step stops it earlier).
/// </summary>
public sealed record TrainStart(string Run, string RunFolder, long FirstStep, long TotalSteps, string? ResumedFrom, int Samples,
    IReadOnlyList<string> Buckets, string Weights, long Parameters, double PeakGflops, long EndStep, string Device);

/// <summary>How a run ended: Interrupted by a stop request, or paused at an until-step before its total steps.</summary>
public sealed record TrainResult(string Run, string RunFolder, long Step, long TotalSteps, bool Interrupted, string? Checkpoint,
    double Seconds, double LastFlow, double LastPred, int Refreshes)
{
    public bool Finished => Step >= TotalSteps;
}

/// <summary>A step's loss was not finite: the run stops without checkpointing the broken state.</summary>
public sealed class TrainingDivergedException(string message) : DataPlatformException(message)
{
    public override int ExitCode => ExitCodes.CheckFailed;
}

/// <summary>
/// <c>dp train</c>: trains D-JEPA·T2I on the curated stream of a lake with data feedback. A new run starts from the
/// config; a run whose folder has a checkpoint resumes from it and continues the identical stream, masking and
/// dropout (5 + 5 steps equal 10). Each step: next batch (prefetched), D-JEPA step, per-sample losses to the
/// critic and the lake tables. Every refresh_every steps: train the critic, score the index, recompute and swap
/// the weights. Every checkpoint_every steps, at the end and when <paramref name="stop"/> fires: flush the tables,
/// then a complete checkpoint. <paramref name="untilStep"/> ends this invocation at that step with a checkpoint
/// while the schedules (learning rate, weight decay) keep the run's total steps, so a run can be trained in slices.
/// Every release_memory_every steps free memory goes back to the system: at fixed steps of the run, so a run stopped
/// and resumed releases at the same steps as one that was not (a release after each checkpoint would differ).
/// </summary>
public static class TrainRun
{
    /// <summary>
    /// The fp32 matmul peak again (one round, about 0.4 s on two cores), and the higher of it and the last: a peak measured
    /// while other processes held a core is low and inflates the log's mfu (90 against 175 GFLOP/s at the starts of two
    /// quickstart runs, one beside a build). Notes a rise of more than a tenth.
    /// </summary>
    private static double MeasurePeakAgain(double peak, Device device, ITrainObserver observer)
    {
        double again = ModelBenchmark.Peak(rounds: 1, device);
        if (again > 1.1 * peak)
            observer.Note($"fp32 matmul peak measured again: {again:0} GFLOP/s against {peak:0} before (the machine was busier then); mfu uses it from here");
        return Math.Max(peak, again);
    }


    public static async Task<TrainResult> RunAsync(TrainRunConfig config, ITrainObserver observer, TimeProvider time, CancellationToken stop,
        long? untilStep = null)
    {
        var v = new Validation();
        config.Validate(v);
        var modelConfig = config.Model.Resolve(v);
        if (modelConfig?.Tokenizer == VisualTokenizerKind.KlVae && config.Model.VaeCheckpoint is null)
            v.Add("model.vae_checkpoint must name a VAE folder written by dp vae train when model.tokenizer is KlVae");
        if (untilStep is { } until) v.InRange("until_step", until, 1, config.Steps);
        v.ThrowIfInvalid();
        long end = untilStep ?? config.Steps;
        config.ApplyTorchSettings();
        var device = TorchDevices.Resolve(config.Device);
        int replicas = config.Replicas;
        if (replicas > 1 && device.type != DeviceType.CPU)
        {
            observer.Note($"replicas {replicas} share a step among CPU cores; on {device} each step runs whole");
            replicas = 1;
        }

        var layout = config.Layout;
        var store = ObjectStores.Open(config.Lake, create: false);
        var latest = layout.LatestCheckpoint();
        var resumed = latest is null ? null : TrainerCheckpoint.ReadState(latest);
        if (resumed is not null) CheckResumable(resumed, config, latest!);

        observer.Note(resumed is null ? "indexing committed samples" : $"resuming from {latest}");
        var index = await SampleIndex.BuildAsync(store, resumed?.Stream.Commits, ct: stop);
        if (resumed is not null && index.Fingerprint != resumed.Stream.IndexFingerprint)
            throw new InvalidInputException($"the lake's commits named by {latest} no longer match their checksums; the run cannot continue its stream");
        CheckBuckets(index, modelConfig!);

        var wStat = resumed is null
            ? await WeightsTables.LoadStartingAsync(store, index, config.Stream.Weights, stop)
            : SamplingWeights.Load(Path.Combine(latest!, TrainerCheckpoint.StatWeightsFile), index);
        var weights = resumed is null ? wStat : SamplingWeights.Load(Path.Combine(latest!, TrainerCheckpoint.WeightsFile), index);

        TorchRuntime.UseThreads(config.TorchThreads);  // after each await: torch keeps its thread count per OS thread
        double peak = ModelBenchmark.Peak(rounds: 2, device);  // the bench's peak, so the log's mfu is the bench's; measured again at each periodic checkpoint
        torch.random.manual_seed(config.Seed);
        var model = new DJepaT2I(modelConfig!);
        model.to(device);  // before the EMA copy and the optimizer take its parameters
        var ema = Ema.CreateCopy(model);
        var tokenizer = TrainerCheckpoint.CreateTokenizer(modelConfig!);
        if (tokenizer is nn.Module tokenizerModule) tokenizerModule.to(device);
        var optimizer = OptimizerFactory.Create(model, config.Optimizer.Lr, config.Optimizer.WeightDecayStart);
        var generator = new Generator((ulong)config.Seed);
        var critic = new CriticTrainer(index, config.Feedback, config.Seed);
        var modules = new Dictionary<string, nn.Module>
        {
            [TrainerCheckpoint.ModelModule] = model, [TrainerCheckpoint.EmaModule] = ema, [TrainerCheckpoint.CriticModule] = critic.Network,
        };
        if (tokenizer is KlVae vae)
        {
            modules[TrainerCheckpoint.VaeModule] = vae;
            if (resumed is null)
            {
                VaeTraining.CheckMatches(config.Model.VaeCheckpoint!, modelConfig!.Vae);
                vae.load_safetensors(Path.Combine(config.Model.VaeCheckpoint!, TrainerCheckpoint.VaeModule + ".safetensors"));
            }
            foreach (var p in vae.parameters()) p.requires_grad = false;
        }
        long step = 0;
        int refreshes = 0;
        if (resumed is not null)
        {
            Model.Checkpoint.Load(latest!, modelConfig!, modules);
            TrainingResume.Load(latest!, optimizer, generator);
            critic.Load(latest!);
            step = resumed.Step;
            refreshes = resumed.Refreshes;
        }
        // Dropout on a GPU draws from its default generator, which a checkpoint does not hold: seeded from the step, a
        // resumed run does not replay the masks of the run's first steps.
        TorchDevices.SeedDefaultGenerator(device, unchecked(config.Seed * 1_000_003 + step));
        Directory.CreateDirectory(layout.Directory);
        File.WriteAllText(layout.RunConfig, config.ToJson());

        using var trainer = new DJepaTrainer(model, ema, tokenizer, optimizer, generator, replicas);
        var cache = config.Stream.ShardCache(store);
        await using var stream = new CuratedStream(index, cache, weights, config.Stream.Options(config.Seed), step);
        var tables = new RunTables(store, config.Run);
        long parameters = model.parameters().Sum(p => p.numel());
        observer.Started(new TrainStart(config.Run, layout.Directory, step, config.Steps, latest, index.Samples.Count,
            index.Buckets.Select(b => $"{b.Name} ({b.Ordinals.Length})").ToList(), weights.Version, parameters, peak, end, device.ToString()));

        string? checkpoint = latest;
        long checkpointedStep = step;
        var clock = Stopwatch.StartNew();
        double lastFlow = double.NaN, lastPred = double.NaN;
        async Task SaveAsync()
        {
            await tables.FlushAsync(CancellationToken.None);
            var state = new TrainerState(TrainerCheckpoint.FormatVersion, step, stream.State, refreshes, config);
            checkpoint = TrainerCheckpoint.Save(layout, state, modelConfig!, modules, folder =>
            {
                TrainingResume.Save(folder, optimizer, generator);
                critic.Save(folder);
                stream.Weights.Save(Path.Combine(folder, TrainerCheckpoint.WeightsFile), index.Fingerprint);
                wStat.Save(Path.Combine(folder, TrainerCheckpoint.StatWeightsFile), index.Fingerprint);
            }, config.KeepCheckpoints);
            checkpointedStep = step;
            observer.Note($"checkpoint step {step} -> {checkpoint} (resident memory {Environment.WorkingSet / 1e9:0.00} GB)");
        }

        while (step < end && !stop.IsCancellationRequested)
        {
            var wait = Stopwatch.StartNew();
            var batch = await stream.NextAsync(CancellationToken.None);
            double waited = wait.Elapsed.TotalSeconds;
            TorchRuntime.UseThreads(config.TorchThreads);
            var stepClock = Stopwatch.StartNew();
            TrainStepResult result;
            using (var scope = NewDisposeScope())
            {
                var images = tensor(batch.Pixels, [batch.Count, 3, batch.Height, batch.Width]);
                var text = model.TextEncoder.Tokenize(batch.Captions, modelConfig!.MaxTextTokens);
                double lr = config.Optimizer.LearningRate(step, config.Steps);
                result = trainer.Step(images, text, lr, config.Optimizer.WeightDecayAt(step, config.Steps),
                    config.Optimizer.EmaDecayAt(step), config.Optimizer.GradClip);
                if (!double.IsFinite(result.Total))
                    throw new TrainingDivergedException($"run {config.Run}: step {step} has a non-finite loss (flow {result.Flow}, pred {result.Pred}, " +
                        $"grad norm {result.GradNorm}); stopped without checkpointing it. The last good checkpoint is {checkpoint ?? "none"}. " +
                        "Lower optimizer.lr or optimizer.grad_clip, or check the batch's images.");
                double seconds = stepClock.Elapsed.TotalSeconds + waited;
                double flops = FlopCount.TrainStep(modelConfig, batch.Count, result.Tokens, result.MaskedTokens, text.Ids.shape[1]);
                var row = new TrainLogRow(step, result.Flow, result.Pred, lr, batch.Count / seconds,
                    waited / seconds, flops / stepClock.Elapsed.TotalSeconds / 1e9 / peak, time.GetUtcNow());
                tables.AddStep(row, batch.SampleIds, result.FlowPerSample, result.PredPerSample, result.TimePerSample);
                critic.Observe(batch.Ordinals, result.FlowPerSample, result.PredPerSample);
                lastFlow = result.Flow;
                lastPred = result.Pred;
                step++;
                observer.Stepped(row, config.Steps);
            }

            if (step % config.ReleaseMemoryEvery == 0)
            {
                var (before, after) = TorchRuntime.ReleaseFreeMemory();
                observer.Note(string.Create(CultureInfo.InvariantCulture,
                    $"step {step}: free memory returned to the system, resident {before / 1e9:0.00} -> {after / 1e9:0.00} GB"));
            }
            if (config.Feedback.Enabled && step % config.Feedback.RefreshEvery == 0)
            {
                await RefreshAsync(step);
            }
            if (step % config.CheckpointEvery == 0 || step == end)
            {
                await SaveAsync();
                TorchRuntime.UseThreads(config.TorchThreads);  // after the await
                peak = MeasurePeakAgain(peak, device, observer);
            }
        }
        if (step != checkpointedStep) await SaveAsync();
        return new TrainResult(config.Run, layout.Directory, step, config.Steps, step < end, checkpoint, clock.Elapsed.TotalSeconds,
            lastFlow, lastPred, refreshes);

        async Task RefreshAsync(long at)
        {
            TorchRuntime.UseThreads(config.TorchThreads);
            double criticLoss = GcPause.Run(() => critic.Train(at));
            var scores = GcPause.Run(() => critic.ScoreAll());
            await tables.WriteCriticScoresAsync(at, index.Samples.Select(s => s.SampleId).ToList(), scores, time.GetUtcNow(), CancellationToken.None);
            var combined = FeedbackWeights.Combine(wStat.Values, scores, config.Feedback);
            var next = SamplingWeights.FromValues(combined, $"{config.Run}-step-{at:D8}");
            await WeightsTables.PublishAsync(store, index, next, wStat, config.Feedback.Floor, config.Feedback.PublishWeights, time, CancellationToken.None);
            await stream.SwapWeightsAsync(next);
            refreshes++;
            observer.Note($"feedback at step {at}: critic mse {criticLoss:0.0000}, scores {scores.Min():0.00}..{scores.Max():0.00}, weights {next.Version}");
        }
    }

    /// <summary>A resumed run must draw the same stream: seed, batch size and sharding as the checkpoint.</summary>
    private static void CheckResumable(TrainerState state, TrainRunConfig config, string checkpoint)
    {
        var v = new Validation();
        var s = state.Stream;
        if (s.Seed != config.Seed) v.Add($"seed is {config.Seed}, the checkpoint {checkpoint} was trained with {s.Seed}");
        if (s.BatchSize != config.Stream.BatchSize) v.Add($"stream.batch_size is {config.Stream.BatchSize}, the checkpoint has {s.BatchSize}");
        if (s.Rank != config.Stream.Rank || s.WorldSize != config.Stream.WorldSize)
            v.Add($"stream rank/world_size are {config.Stream.Rank}/{config.Stream.WorldSize}, the checkpoint has {s.Rank}/{s.WorldSize}");
        if (state.Step > config.Steps) v.Add($"steps is {config.Steps}, but the checkpoint is already at step {state.Step}");
        v.ThrowIfInvalid();
    }

    /// <summary>Every bucket must be a whole token grid of the model (and fit learned positions).</summary>
    private static void CheckBuckets(SampleIndex index, ModelConfig config)
    {
        var v = new Validation();
        int p = config.PixelsPerToken;
        foreach (var b in index.Buckets)
        {
            if (b.Height % p != 0 || b.Width % p != 0)
                v.Add($"bucket {b.Name} ({b.Ordinals.Length} samples) is not a multiple of the model's token size {p} px");
            else if (config.Position == PositionKind.LearnedAbsolute && Math.Max(b.Height, b.Width) / p > config.MaxGridSide)
                v.Add($"bucket {b.Name} needs a {b.Height / p}x{b.Width / p} token grid, more than model.max_grid_side {config.MaxGridSide}");
        }
        v.ThrowIfInvalid();
    }
}
