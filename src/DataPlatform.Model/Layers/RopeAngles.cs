using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// cos and sin of 2-D rotary angles, shaped (B or 1, 1, S, hd/2) to broadcast over heads. Rotates
/// consecutive pairs (x0, x1) of q or k: (x0·cos − x1·sin, x0·sin + x1·cos). Rotations preserve norms,
/// and q·k after rotation depends only on the difference of the two positions.
/// </summary>
public sealed class RopeAngles(Tensor cos, Tensor sin)
{
    public Tensor Cos { get; } = cos;
    public Tensor Sin { get; } = sin;

    /// <summary>Builds from angles (B or 1, S, hd/2).</summary>
    public static RopeAngles FromAngles(Tensor angles)
    {
        var a = angles.unsqueeze(1);  // (B, 1, S, hd/2)
        return new RopeAngles(a.cos(), a.sin());
    }

    /// <summary>x (B, H, S, hd) -> rotated (B, H, S, hd).</summary>
    public Tensor Rotate(Tensor x)
    {
        var pairs = x.view(x.shape[0], x.shape[1], x.shape[2], x.shape[3] / 2, 2);  // (B, H, S, hd/2, 2)
        var x0 = pairs.select(-1, 0);
        var x1 = pairs.select(-1, 1);
        return stack([x0.mul(Cos).sub(x1.mul(Sin)), x0.mul(Sin).add(x1.mul(Cos))], 4).view(x.shape);
    }
}
