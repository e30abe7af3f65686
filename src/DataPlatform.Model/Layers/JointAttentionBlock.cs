using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Dual-stream (text / image) joint-attention block, SD3 MM-DiT style without timestep modulation:
/// each stream has its own pre-LN, qkv, q/k RMSNorm, projection and MLP; q, k, v of both streams are
/// concatenated along the sequence and one attention runs over [text, image]. With a shared text
/// stream the image weights serve both. Image q/k are rotated by the given 2-D RoPE angles; text is not.
/// Letters: B batch, L text tokens, S image-stream tokens (buffer + visual), D width, H heads, hd head dim.
/// </summary>
public sealed class JointAttentionBlock : nn.Module
{
    private readonly StreamWeights image;
    private readonly StreamWeights? text;
    private readonly long heads;
    private readonly double dropout;

    public JointAttentionBlock(long dim, long heads, long mlpRatio, double dropout, bool dualStream, bool qkNorm = true) : base(nameof(JointAttentionBlock))
    {
        image = new StreamWeights(dim, heads, mlpRatio, dropout, qkNorm);
        text = dualStream ? new StreamWeights(dim, heads, mlpRatio, dropout, qkNorm) : null;
        this.heads = heads;
        this.dropout = dropout;
        RegisterComponents();
    }

    /// <param name="img">(B, S, D)</param>
    /// <param name="txt">(B, L, D)</param>
    /// <param name="rope">cos and sin (B or 1, 1, S, hd/2), or null for no rotation</param>
    /// <param name="attnMask">additive key mask (B, 1, 1, L + S), or null</param>
    /// <param name="finishText">
    /// false for a last block whose text output nobody reads: the text tokens still give keys and values, but their
    /// projection and MLP are skipped and txt is returned as given
    /// </param>
    public (Tensor img, Tensor txt) forward(Tensor img, Tensor txt, RopeAngles? rope, Tensor? attnMask, bool finishText = true)
    {
        var textWeights = text ?? image;
        var imageQkv = image.Qkv(img);  // (B, S, 3D)
        var textQkv = textWeights.Qkv(txt);  // (B, L, 3D)
        long l = txt.shape[1];
        Tensor q, k, v;  // (B, H, L+S, hd), text first; SDPA's default scale 1/sqrt(hd) is the one wanted
        if (JointQkvFunction.Applies(textQkv, imageQkv, [textWeights.q_norm, textWeights.k_norm, image.q_norm, image.k_norm], rope))
        {
            (q, k, v) = JointQkvFunction.Apply(textQkv, imageQkv, textWeights.q_norm, textWeights.k_norm, image.q_norm, image.k_norm, rope, heads);
        }
        else
        {
            var (qi, ki, vi) = image.Heads(imageQkv, heads);  // (B, H, S, hd)
            var (qt, kt, vt) = textWeights.Heads(textQkv, heads);  // (B, H, L, hd)
            if (rope is not null)
            {
                qi = rope.Rotate(qi);
                ki = rope.Rotate(ki);
            }
            (q, k, v) = (cat([qt, qi], 2), cat([kt, ki], 2), cat([vt, vi], 2));
        }
        var o = Attention.Compute(q, k, v, attnMask, dropout, training);  // (B, H, L+S, hd)
        var merged = o.transpose(1, 2).flatten(2);  // (B, L+S, D)
        var txtOut = finishText ? textWeights.Finish(txt, merged.narrow(1, 0, l)) : txt;
        var imgOut = image.Finish(img, merged.narrow(1, l, img.shape[1]));
        return (imgOut, txtOut);
    }
}
