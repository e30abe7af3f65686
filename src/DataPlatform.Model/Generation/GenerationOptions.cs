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
    /// <summary>Seed of the generation's own generator (orders and noise).</summary>
    public long Seed { get; init; } = 0;
}
