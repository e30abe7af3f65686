using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// The per-stream half of a joint-attention block (SD3 MM-DiT): pre-LayerNorm, qkv, q/k RMSNorm,
/// output projection and MLP. A dual-stream block holds one for image tokens and one for text tokens.
/// </summary>
public sealed class StreamWeights : nn.Module
{
    internal readonly LayerNorm norm1;
    internal readonly Linear qkv;
    internal readonly RmsNorm? q_norm;
    internal readonly RmsNorm? k_norm;
    internal readonly Linear proj;
    internal readonly LayerNorm norm2;
    internal readonly Mlp mlp;
    private readonly double dropout;

    public StreamWeights(long dim, long heads, long mlpRatio, double dropout, bool qkNorm = true) : base(nameof(StreamWeights))
    {
        long headDim = dim / heads;
        norm1 = nn.LayerNorm(dim, eps: 1e-6);
        qkv = nn.Linear(dim, 3 * dim);
        if (qkNorm)
        {
            q_norm = new RmsNorm(headDim);
            k_norm = new RmsNorm(headDim);
        }
        proj = nn.Linear(dim, dim);
        this.dropout = dropout;
        norm2 = nn.LayerNorm(dim, eps: 1e-6);
        mlp = new Mlp(dim, mlpRatio * dim, dropout);
        RegisterComponents();
    }

    /// <summary>x (B, S, D) -> qkv(norm1(x)), (B, S, 3D).</summary>
    internal Tensor Qkv(Tensor x) => qkv.call(norm1.call(x));

    /// <summary>x (B, S, D) -> q, k, v each (B, H, S, hd): <see cref="Heads"/> of <see cref="Qkv"/>.</summary>
    internal (Tensor q, Tensor k, Tensor v) QueryKeyValue(Tensor x, long heads) => Heads(Qkv(x), heads);

    /// <summary>qkv (B, S, 3D) -> q, k, v each (B, H, S, hd), q and k RMS-normalised when the block has q/k norms.</summary>
    internal (Tensor q, Tensor k, Tensor v) Heads(Tensor qkvOut, long heads)
    {
        var (b, s, d) = (qkvOut.shape[0], qkvOut.shape[1], qkvOut.shape[2] / 3);
        var qkvHeads = qkvOut.view(b, s, 3, heads, d / heads).permute(2, 0, 3, 1, 4);  // (3, B, H, S, hd)
        return q_norm is null || k_norm is null
            ? (qkvHeads[0], qkvHeads[1], qkvHeads[2])
            : (q_norm.call(qkvHeads[0]), k_norm.call(qkvHeads[1]), qkvHeads[2]);
    }

    /// <summary>Residual updates after attention: x + proj(attn), then x + mlp(norm2(x)).</summary>
    internal Tensor Finish(Tensor x, Tensor attended)
    {
        var h = x.add(FastDropout.Apply(proj.call(attended), dropout, training));  // (B, S, D)
        return h.add(mlp.call(norm2.call(h)));
    }
}
