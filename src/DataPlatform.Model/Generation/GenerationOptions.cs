namespace DataPlatform.Model;

/// <summary>
/// Generation settings (PAPER-NOTES, "next set-of-tokens prediction"). Defaults: T = 64 steps, 16 Euler steps,
/// no time shift, CFG 1 (off), temperature 1, linear CFG schedule.
/// </summary>
public sealed record GenerationOptions
{
    /// <summary>T: reveal steps of the cosine schedule.</summary>
    public int Steps { get; init; } = 64;
    /// <summary>Per-token sampler (Euler steps, temperature, time shift).</summary>
    public TokenSampling Token { get; init; } = new();
    /// <summary>w: classifier-free guidance scale; 1 disables guidance.</summary>
    public double Cfg { get; init; } = 1.0;
    /// <summary>Linear: w_k = 1 + (w − 1)·(N − n_masked_next)/N; otherwise constant w.</summary>
    public bool LinearCfgSchedule { get; init; } = true;
    /// <summary>Base seed: row r of a batch draws its order and noise from a stream seeded by (Seed, FirstRow + r).</summary>
    public long Seed { get; init; } = 0;
    /// <summary>Index of the batch's first row in the whole request, so that image i keeps its stream whatever the batch size.</summary>
    public long FirstRow { get; init; } = 0;
}
