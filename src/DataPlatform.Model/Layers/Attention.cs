using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Multi-head attention over (B, H, S, hd) queries and (B, H, K, hd) keys and values with an optional additive key
/// mask. Without dropout it is libtorch's fused scaled_dot_product_attention; with dropout on the CPU it spells the
/// product out so the attention weights take <see cref="FastDropout"/> (SDPA's own dropout uses the slow CPU bernoulli).
/// </summary>
public static class Attention
{
    /// <summary>q (B, H, S, hd), k and v (B, H, K, hd), mask (B, 1, 1, K) or null -> (B, H, S, hd).</summary>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, Tensor? mask, double dropout, bool training)
    {
        double p = training ? dropout : 0.0;
        if (p == 0 || q.device_type != DeviceType.CPU) return nn.functional.scaled_dot_product_attention(q, k, v, mask, p);
        var scores = q.matmul(k.transpose(-2, -1)).mul(1 / Math.Sqrt(q.shape[^1]));  // (B, H, S, K)
        if (mask is not null) scores = scores.add(mask);
        return FastDropout.Apply(scores.softmax(-1), p, training: true).matmul(v);
    }
}
