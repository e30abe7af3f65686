using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// 2-D rotary angles as unit complex numbers e^{iθ}, shaped (B or 1, 1, S, hd/2) to broadcast over heads. Rotates
/// consecutive pairs (x0, x1) of q or k: (x0·cos − x1·sin, x0·sin + x1·cos), which is one complex product
/// (x0 + i·x1)·e^{iθ} (a single kernel forward and backward, against seven for the real-valued form).
/// Rotations preserve norms, and q·k after rotation depends only on the difference of the two positions.
/// </summary>
public sealed class RopeAngles(Tensor rotation)
{
    /// <summary>e^{iθ}: (B or 1, 1, S, hd/2), complex.</summary>
    public Tensor Rotation { get; } = rotation;

    /// <summary>Builds from angles (B or 1, S, hd/2).</summary>
    public static RopeAngles FromAngles(Tensor angles)
    {
        var a = angles.unsqueeze(1);  // (B, 1, S, hd/2)
        return new RopeAngles(polar(ones_like(a), a));
    }

    /// <summary>x (B, H, S, hd) -> rotated (B, H, S, hd).</summary>
    public Tensor Rotate(Tensor x)
    {
        var pairs = x.reshape(x.shape[0], x.shape[1], x.shape[2], x.shape[3] / 2, 2).view_as_complex();  // (B, H, S, hd/2) complex
        return pairs.mul(Rotation).view_as_real().view(x.shape);
    }
}
