using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Scalars of one training step, copied out of the step's dispose scope.</summary>
public sealed record TrainStepResult(double Total, double Flow, double Pred, float[] FlowPerSample, float[] PredPerSample, float[] TimePerSample,
    double MaskRatio, int MaskedTokens, int Tokens, double GradNorm, StepTimings Timings);

/// <summary>Wall time of the phases of one step, in seconds (for benchmarks and the trainer's metrics).</summary>
public sealed record StepTimings(double Prepare, double Forward, double Backward, double Optimizer, double Ema)
{
    public double Total => Prepare + Forward + Backward + Optimizer + Ema;
}

/// <summary>
/// One D-JEPA training step for a batch of one bucket: tokenize (no grad), caption dropout to the null caption,
/// masking, L_flow + L_pred, backward, grad clip, AdamW, EMA. The EMA model is the target encoder.
/// One dispose scope per step (STACK-NOTES T5). The generator drives masking, noise and caption dropout.
/// </summary>
public sealed class DJepaTrainer
{
    public DJepaTrainer(DJepaT2I model, DJepaT2I ema, IVisualTokenizer tokenizer, AdamW optimizer, Generator generator)
    {
        Model = model;
        EmaModel = ema;
        Tokenizer = tokenizer;
        Optimizer = optimizer;
        Generator = generator;
    }

    public DJepaT2I Model { get; }
    public DJepaT2I EmaModel { get; }
    public IVisualTokenizer Tokenizer { get; }
    public AdamW Optimizer { get; }
    public Generator Generator { get; }

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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double Lap() { double t = clock.Elapsed.TotalSeconds; clock.Restart(); return t; }
        Model.train();
        EmaModel.eval();
        TokenGrid grid;
        using (no_grad()) grid = Tokenizer.Encode(images);  // (B, N, C)
        var conditioned = DropCaptions(text, Model.Config.CaptionDropout);
        var mask = Masking.Plan(images.shape[0], grid.Height * grid.Width, Masking.SampleRatio(Model.Config, Generator), Generator, images.device);

        OptimizerFactory.SetSchedule(Optimizer, learningRate, weightDecay);
        Optimizer.zero_grad();
        double prepare = Lap();
        var loss = DJepaLoss.Compute(Model, EmaModel, grid, conditioned, mask, Generator);
        double forward = Lap();
        loss.Total.backward();
        double backward = Lap();
        double norm = nn.utils.clip_grad_norm_(Model.parameters().Where(p => p.grad is not null), gradClip);
        Optimizer.step();
        double optimizer = Lap();
        Ema.Update(EmaModel, Model, emaDecay);
        double ema = Lap();
        return new TrainStepResult(loss.Total.item<float>(), loss.Flow.item<float>(), loss.Pred.item<float>(),
            loss.FlowPerSample.data<float>().ToArray(), loss.PredPerSample.data<float>().ToArray(), loss.TimePerSample.data<float>().ToArray(), mask.Ratio, mask.MaskedCount,
            grid.Height * grid.Width, norm, new StepTimings(prepare, forward, backward, optimizer, ema));
    }

    /// <summary>Replaces each caption by the null caption with probability p (drawn from the generator).</summary>
    public TextBatch DropCaptions(TextBatch text, double p)
    {
        long b = text.Ids.shape[0];
        var drop = rand([b], generator: Generator).lt(p).to(text.Ids.device);  // (B)
        if (!drop.any().item<bool>()) return text;
        var nullCaption = Model.TextEncoder.NullCaption(b);
        var both = TextBatches.Concat(text, nullCaption, Model.TextEncoder.PadId);
        var kept = both.Ids.narrow(0, 0, b);
        var dropped = both.Ids.narrow(0, b, b);
        var keep = drop.logical_not().view(b, 1);
        return new TextBatch(where(keep, kept, dropped), where(keep, both.Mask.narrow(0, 0, b), both.Mask.narrow(0, b, b)));
    }
}
