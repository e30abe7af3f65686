using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Pre-LN self-attention block for the text encoder (same weights layout as one stream of a joint block).</summary>
public sealed class TextEncoderBlock : nn.Module
{
    private readonly StreamWeights attn;
    private readonly long heads;
    private readonly double dropout;

    public TextEncoderBlock(long dim, long heads, double dropout) : base(nameof(TextEncoderBlock))
    {
        attn = new StreamWeights(dim, heads, 4, dropout);
        this.heads = heads;
        this.dropout = dropout;
        RegisterComponents();
    }

    /// <summary>x (B, L, Dt), additive key mask (B, 1, 1, L) or null -> (B, L, Dt).</summary>
    public Tensor forward(Tensor x, Tensor? mask)
    {
        var (q, k, v) = attn.QueryKeyValue(x, heads);  // (B, H, L, hd)
        var o = Attention.Compute(q, k, v, mask, dropout, training);
        return attn.Finish(x, o.transpose(1, 2).flatten(2));
    }
}
