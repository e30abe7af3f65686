using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Multi-head attention over (B, H, S, hd) queries and (B, H, K, hd) keys and values with an optional additive key
/// mask. Without dropout it is libtorch's fused scaled_dot_product_attention; with dropout on the CPU it spells the
/// product out so the attention weights take <see cref="FastDropout"/> (SDPA's own dropout uses the slow CPU bernoulli),
/// as one <see cref="AttentionFunction"/> where that applies.
/// </summary>
public static class Attention
{
    /// <summary>q (B, H, S, hd), k and v (B, H, K, hd), mask (B, 1, 1, K) or null -> (B, H, S, hd).</summary>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, Tensor? mask, double dropout, bool training)
    {
        double p = training ? dropout : 0.0;
        if (p == 0 || q.device_type != DeviceType.CPU) return nn.functional.scaled_dot_product_attention(q, k, v, mask, p);
        double scale = 1 / Math.Sqrt(q.shape[^1]);
        if (AttentionFunction.Applies(q, k, v, mask)) return AttentionFunction.Apply(q, k, v, mask, scale, FastDropout.Draw.Of(p));
        var scores = q.matmul(k.transpose(-2, -1)).mul(scale);  // (B, H, S, K)
        if (mask is not null) scores = scores.add(mask);
        return FastDropout.Apply(scores.softmax(-1), p, training: true).matmul(v);
    }
}
