using DataPlatform.Core;
using DataPlatform.Model;

namespace DataPlatform.Training.Generation;

/// <summary>
/// How <see cref="ImageGenerator"/> samples images. Defaults: the model's training size (null), T = 16 reveal
/// steps, 16 Euler steps per token, CFG 3 with the linear schedule, temperature 1, no time shift, seed 1, 16
/// images per forward batch. The pixel size must be a multiple of the tokenizer's pixels per token.
/// </summary>
public sealed record ImageGenerationOptions
{
    /// <summary>Pixel size; null: the training size (base grid side x pixels per token, square).</summary>
    public ImageSize? Size { get; init; }

    /// <summary>T: reveal steps of the cosine schedule.</summary>
    public int Steps { get; init; } = 16;

    /// <summary>Euler steps of the per-token flow head (diffusion heads use it as their step count too).</summary>
    public int OdeSteps { get; init; } = 16;

    /// <summary>Classifier-free guidance scale w; 1 disables guidance.</summary>
    public double Cfg { get; init; } = 3.0;

    /// <summary>Linear CFG schedule (w grows as tokens are revealed); false: constant w.</summary>
    public bool LinearCfgSchedule { get; init; } = true;

    /// <summary>The schedule's name as <c>--cfg-schedule</c> spells it: linear or constant.</summary>
    public string CfgScheduleName => LinearCfgSchedule ? "linear" : "constant";

    public double Temperature { get; init; } = 1.0;

    public double TimeShift { get; init; } = 1.0;

    /// <summary>Base seed; image i samples from a stream derived from it and i (see <see cref="ImageGenerator"/>).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Images per forward batch at most (CFG doubles the rows the network sees).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Torch threads to generate with. 0 (default): the calling thread's, one batch at a time. N: while idle OpenMP
    /// threads sleep (PASSIVE), two batches side by side (<see cref="ImageGenerator.MaxSideBySide"/>) sharing the N
    /// threads, the captions cut into an even number of batches where there are two or more; otherwise one batch at a
    /// time on N threads. On 2 cores with PASSIVE, two batches of 16 side by side took 2.5-3.4 s against 4.7-5.7 s one
    /// after the other on two torch threads (Small preset, T = 16): generation's many small operations leave a second
    /// torch thread idle.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>The size to generate at for a model: <see cref="Size"/> or the training size.</summary>
    public ImageSize SizeFor(ModelConfig config) => Size ?? ImageSize.Training(config);

    /// <summary>Every rule at once, against the model that will generate (token size, learned position table).</summary>
    public ImageGenerationOptions Validate(ModelConfig config)
    {
        var v = new Validation();
        var size = SizeFor(config);
        int p = config.PixelsPerToken;
        v.AtLeast("generate.width", size.Width, p).AtLeast("generate.height", size.Height, p);
        if (size.Width % p != 0 || size.Height % p != 0)
            v.Add($"generate.size must be a multiple of the model's token size of {p} px in both sides, was {size}");
        if (config.Position == PositionKind.LearnedAbsolute && Math.Max(size.Width, size.Height) > config.MaxGridSide * p)
            v.Add($"generate.size must be at most {config.MaxGridSide * p} px a side for a learned position table of {config.MaxGridSide} tokens, was {size}");
        v.AtLeast("generate.steps", Steps, 1).AtLeast("generate.ode_steps", OdeSteps, 1)
         .AtLeast("generate.cfg", Cfg, 0.0).AtLeast("generate.temperature", Temperature, 1e-6)
         .AtLeast("generate.time_shift", TimeShift, 1e-6).AtLeast("generate.batch_size", BatchSize, 1)
         .AtLeast("generate.threads", Threads, 0);
        v.ThrowIfInvalid();
        return this;
    }

    /// <summary>The sampler's options for the batch whose first image is the request's <paramref name="firstRow"/>-th.</summary>
    public GenerationOptions ForSampler(long firstRow) => new()
    {
        Steps = Steps,
        Token = new TokenSampling(OdeSteps, Temperature, TimeShift),
        Cfg = Cfg,
        LinearCfgSchedule = LinearCfgSchedule,
        Seed = Seed,
        FirstRow = firstRow,
    };
}
