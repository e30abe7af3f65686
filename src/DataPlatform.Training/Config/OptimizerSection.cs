using DataPlatform.Core;

namespace DataPlatform.Training;

/// <summary>
/// The D-JEPA optimisation recipe (PAPER-NOTES): AdamW β (0.9, 0.95), eps 1e-6, linear warm-up, weight decay on
/// the 2-D weights of transformer blocks ramped linearly from <see cref="WeightDecayStart"/> to
/// <see cref="WeightDecay"/> over the run, gradient clipping, EMA after every step.
/// </summary>
public sealed record OptimizerSection
{
    /// <summary>Peak learning rate. Default 1e-3: the paper's 1e-4·batch/256 is for runs of hundreds of thousands of steps; a CPU run has a few thousand (CALIBRATION.md used 1.5e-3).</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>Linear warm-up from 0 over this many steps. Default 100.</summary>
    public long WarmupSteps { get; init; } = 100;

    /// <summary>After warm-up: "constant" (the paper) or "cosine" down to <see cref="MinLrRatio"/>·lr at the last step. Default constant.</summary>
    public string Schedule { get; init; } = "constant";

    public double MinLrRatio { get; init; } = 0.1;

    /// <summary>Weight decay reached at the last step. Default 0.02.</summary>
    public double WeightDecay { get; init; } = 0.02;

    /// <summary>Weight decay at step 0. Default 0.</summary>
    public double WeightDecayStart { get; init; }

    /// <summary>Gradient norm clip. Default 3.0.</summary>
    public double GradClip { get; init; } = 3.0;

    /// <summary>EMA rate. Default 0.9999 (the paper).</summary>
    public double EmaDecay { get; init; } = 0.9999;

    /// <summary>
    /// Use min(ema_decay, (1 + n) / (10 + n)) at step n, so a short run's EMA (the target encoder and the sampler)
    /// follows the model instead of staying near the initial weights. Default true.
    /// </summary>
    public bool EmaWarmup { get; init; } = true;

    public void Validate(Validation v)
    {
        v.InRange("optimizer.lr", Lr, 1e-8, 1).AtLeast("optimizer.warmup_steps", WarmupSteps, 0)
         .InRange("optimizer.min_lr_ratio", MinLrRatio, 0, 1).InRange("optimizer.weight_decay", WeightDecay, 0, 1)
         .InRange("optimizer.weight_decay_start", WeightDecayStart, 0, 1).AtLeast("optimizer.grad_clip", GradClip, 1e-6)
         .InRange("optimizer.ema_decay", EmaDecay, 0, 1);
        if (Schedule is not ("constant" or "cosine")) v.Add($"optimizer.schedule must be constant or cosine, was '{Schedule}'");
    }

    /// <summary>Learning rate at a step of a run of <paramref name="total"/> steps.</summary>
    public double LearningRate(long step, long total)
    {
        if (step < WarmupSteps) return Lr * (step + 1) / WarmupSteps;
        if (Schedule == "constant") return Lr;
        double progress = Math.Clamp((double)(step - WarmupSteps) / Math.Max(1, total - WarmupSteps), 0, 1);
        double floor = Lr * MinLrRatio;
        return floor + (Lr - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    public double WeightDecayAt(long step, long total) =>
        WeightDecayStart + (WeightDecay - WeightDecayStart) * Math.Clamp((double)step / Math.Max(1, total - 1), 0, 1);

    public double EmaDecayAt(long step) => EmaWarmup ? Math.Min(EmaDecay, (1.0 + step) / (10.0 + step)) : EmaDecay;
}
