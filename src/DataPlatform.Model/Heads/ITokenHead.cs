using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>How the per-token head samples one token (PAPER-NOTES, generation).</summary>
/// <param name="Steps">ODE Euler steps (flow) or DDIM steps (diffusion).</param>
/// <param name="Temperature">Scale of the starting noise.</param>
/// <param name="TimeShift">s of t' = t / (t + s − s·t); 1 = no shift.</param>
public sealed record TokenSampling(int Steps = 16, double Temperature = 1.0, double TimeShift = 1.0)
{
    /// <summary>The sampler's starting point: the caller's standard normal noise (M, C), checked and scaled by the temperature.</summary>
    public Tensor Start(Tensor noise, long m, long channels, Device device)
    {
        if (noise.shape[0] != m || noise.shape[1] != channels)
        {
            throw new ArgumentException($"noise must be ({m}, {channels}), was ({string.Join(", ", noise.shape)})");
        }
        return noise.to(device).mul(Temperature);
    }
}

/// <summary>Per-token loss (M) and the time each token was noised to (M), in [0, 1] (flow: t; diffusion: step / steps).</summary>
public sealed record TokenLoss(Tensor PerToken, Tensor Time);

/// <summary>The per-token head: a loss for training and a sampler for generation, conditioned on z_i.</summary>
public interface ITokenHead
{
    /// <summary>
    /// target (M, C), z (M, Dp) -> per-token loss (M) and time (M), fresh noise and time from gen (a CPU generator: the
    /// draws move to the target's device, so a seed draws the same on every device).
    /// </summary>
    TokenLoss Loss(Tensor target, Tensor z, Generator gen);

    /// <summary>
    /// z (M, Dp), or (2M, Dp) = [cond; uncond] when cfg != 1, and standard normal noise (M, C) -> sampled tokens
    /// (M, C). The sampler is deterministic given the noise, which the caller draws (one stream per image).
    /// Guidance: v = v_u + cfg·(v_c − v_u).
    /// </summary>
    Tensor Sample(Tensor z, Tensor noise, double cfg, TokenSampling sampling);
}
