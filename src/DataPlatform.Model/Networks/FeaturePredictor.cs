using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Feature predictor γ: φ's features with mask tokens padded in at the masked positions, through a
/// joint-attention transformer with φ's text features; one feature z_i per visual position.
/// Letters: B batch, N grid tokens, Nv visible, G buffer, L text, D encoder width, Dp predictor width.
/// </summary>
public sealed class FeaturePredictor : nn.Module
{
    private readonly Linear embed;
    private readonly Linear text_embed;
    private readonly Parameter mask_token;
    private readonly VisualPositions positions;
    private readonly ModuleList<JointAttentionBlock> blocks;
    private readonly LayerNorm norm;
    private readonly Linear? pooled_text;
    private readonly ModelConfig config;

    public FeaturePredictor(ModelConfig config) : base(nameof(FeaturePredictor))
    {
        this.config = config;
        embed = nn.Linear(config.Width, config.PredictorWidth);
        text_embed = nn.Linear(config.Width, config.PredictorWidth);
        mask_token = new Parameter(empty(1, 1, config.PredictorWidth));  // (1, 1, Dp)
        using (no_grad()) nn.init.trunc_normal_(mask_token, std: 0.02);
        positions = new VisualPositions(config.Position, config.PredictorWidth, config.Heads, config.RopeBase, config.BaseGridSide, config.MaxGridSide);
        blocks = new ModuleList<JointAttentionBlock>();
        for (int i = 0; i < config.PredictorDepth; i++)
            blocks.Add(new JointAttentionBlock(config.PredictorWidth, config.Heads, config.MlpRatio, config.Dropout, config.TextStream == TextStreamKind.Dual, config.QkNorm));
        norm = nn.LayerNorm(config.PredictorWidth, eps: 1e-6);
        if (config.PooledTextCondition)
        {
            pooled_text = nn.Linear(config.Width, config.PredictorWidth);
            using (no_grad()) { pooled_text.weight!.zero_(); pooled_text.bias!.zero_(); }
        }
        RegisterComponents();
    }

    /// <summary>
    /// encoded (B, G + Nv, D) from φ for tokens at idx (B, Nv); text (B, L, D) from φ with textMask (B, L).
    /// Returns z (B, N, Dp) for every position of the h x w grid.
    /// </summary>
    public Tensor forward(Tensor encoded, Tensor idx, int h, int w, Tensor text, Tensor textMask)
    {
        long b = encoded.shape[0], g = config.BufferTokens, n = (long)h * w, dp = config.PredictorWidth;
        var x = embed.call(encoded);  // (B, G + Nv, Dp)
        var bufferPart = x.narrow(1, 0, g);  // (B, G, Dp)
        var visible = x.narrow(1, g, x.shape[1] - g);  // (B, Nv, Dp)
        var grid = mask_token.expand(b, n, dp)  // (B, N, Dp)
            .scatter(1, idx.unsqueeze(-1).expand(-1, -1, dp), visible);
        var all = arange(n, device: encoded.device).unsqueeze(0);  // (1, N)
        if (!positions.IsRotary) grid = grid.add(positions.Absolute(all, h, w));
        var xs = cat([bufferPart, grid], 1);  // (B, G + N, Dp)
        var txt = text_embed.call(text);  // (B, L, Dp)
        RopeAngles? rope = positions.IsRotary
            ? RopeAngles.FromAngles(positions.StreamAngles(positions.GridAngles(h, w, encoded.device), all, g))  // (1, 1, G + N, hd/2)
            : null;
        var mask = AttentionMasks.TextPadding(textMask, xs.shape[1]);
        for (int i = 0; i < blocks.Count; i++) (xs, txt) = blocks[i].forward(xs, txt, rope, mask, finishText: i < blocks.Count - 1);  // the last text output is not read
        var z = norm.call(xs.narrow(1, g, n));  // (B, N, Dp)
        return pooled_text is null ? z : z.add(pooled_text.call(MaskedMean(text, textMask)).unsqueeze(1));
    }

    /// <summary>Mean over the real (unpadded) text tokens: text (B, L, D), textMask (B, L) -> (B, D).</summary>
    internal static Tensor MaskedMean(Tensor text, Tensor textMask)
    {
        var weights = textMask.to(text.dtype).unsqueeze(-1);  // (B, L, 1)
        return text.mul(weights).sum([1]).div(weights.sum([1]).clamp_min(1));
    }
}
