using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Context encoder φ: joint-attention transformer over [text tokens | buffer tokens, visible visual tokens].
/// Letters: B batch, Nv visible tokens, G buffer tokens, L text tokens, C token channels, Dt text width, D width.
/// </summary>
public sealed class ContextEncoder : nn.Module
{
    private readonly Linear embed;
    private readonly Linear text_proj;
    private readonly Parameter? buffer;
    private readonly VisualPositions positions;
    private readonly ModuleList<JointAttentionBlock> blocks;
    private readonly LayerNorm norm;
    private readonly LayerNorm text_norm;
    private readonly ModelConfig config;

    public ContextEncoder(ModelConfig config) : base(nameof(ContextEncoder))
    {
        this.config = config;
        embed = nn.Linear(config.TokenChannels, config.Width);
        text_proj = nn.Linear(config.TextFeatureWidth, config.Width);
        if (config.BufferTokens > 0)
        {
            buffer = new Parameter(empty(1, config.BufferTokens, config.Width));  // (1, G, D)
            using (no_grad()) nn.init.trunc_normal_(buffer, std: 0.02);
        }
        positions = new VisualPositions(config.Position, config.Width, config.Heads, config.RopeBase, config.BaseGridSide, config.MaxGridSide);
        blocks = new ModuleList<JointAttentionBlock>();
        for (int i = 0; i < config.EncoderDepth; i++)
            blocks.Add(new JointAttentionBlock(config.Width, config.Heads, config.MlpRatio, config.Dropout, config.TextStream == TextStreamKind.Dual, config.QkNorm));
        norm = nn.LayerNorm(config.Width, eps: 1e-6);
        text_norm = nn.LayerNorm(config.Width, eps: 1e-6);
        RegisterComponents();
    }

    /// <summary>
    /// tokens (B, Nv, C) at grid positions idx (B, Nv) of an h x w grid; text (B, L, Dt) with textMask (B, L).
    /// Returns image features (B, G + Nv, D) and text features (B, L, D); without textFeatures (the target pass, which
    /// reads only image features) the last block skips the text tokens' update and no text features are returned.
    /// </summary>
    public (Tensor img, Tensor? txt) forward(Tensor tokens, Tensor idx, int h, int w, Tensor text, Tensor textMask, bool textFeatures = true)
    {
        long b = tokens.shape[0], g = config.BufferTokens;
        var x = embed.call(tokens);  // (B, Nv, D)
        if (!positions.IsRotary) x = x.add(positions.Absolute(idx, h, w));
        if (buffer is not null) x = cat([buffer.expand(b, -1, -1), x], 1);  // (B, G + Nv, D)
        var txt = text_proj.call(text);  // (B, L, D)
        RopeAngles? rope = positions.IsRotary
            ? RopeAngles.FromAngles(positions.StreamAngles(positions.GridAngles(h, w, tokens.device), idx, g))  // (B, 1, G + Nv, hd/2)
            : null;
        var mask = AttentionMasks.TextPadding(textMask, x.shape[1]);  // (B, 1, 1, L + G + Nv) or null
        for (int i = 0; i < blocks.Count; i++) (x, txt) = blocks[i].forward(x, txt, rope, mask, finishText: textFeatures || i < blocks.Count - 1);
        return (norm.call(x), textFeatures ? text_norm.call(txt) : null);
    }
}
