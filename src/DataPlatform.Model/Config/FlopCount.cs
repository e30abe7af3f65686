namespace DataPlatform.Model;

/// <summary>
/// Analytic matmul FLOPs (2·m·n·k per product) of the D-JEPA·T2I network, counted from the config and the
/// batch shape: linear layers, attention scores and weighted sums. Element-wise work (norms, activations,
/// RoPE, softmax, optimizer, EMA) is not counted: it is the overhead that model FLOP utilisation leaves out.
/// A training step = 3 × the student forward (forward + backward ≈ 2 × forward) + 1 × the target forward.
/// </summary>
public static class FlopCount
{
    /// <summary>One transformer stream over T tokens of width d with attention over S keys.</summary>
    private static double Block(long tokens, long keys, long d, long mlpRatio) =>
        2.0 * tokens * (4 * d * d + 2 * mlpRatio * d * d) + 4.0 * tokens * keys * d;

    /// <summary>
    /// Joint-attention stack: image stream of S tokens and text stream of L tokens over S + L keys. Without lastText the
    /// last block skips the text tokens' projection and MLP (<see cref="JointAttentionBlock.forward"/>'s finishText).
    /// </summary>
    private static double Stack(int depth, long image, long text, long d, long mlpRatio, bool lastText = true) =>
        depth * (Block(image, image + text, d, mlpRatio) + Block(text, image + text, d, mlpRatio))
        - (lastText ? 0 : 2.0 * text * (d * d + 2 * mlpRatio * d * d));

    public static double TextEncoder(ModelConfig c, long b, long l) => c.TextEncoder == TextEncoderKind.Bpe
        ? b * (2.0 * l * c.TextEmbedDim * c.TextWidth + c.TextDepth * Block(l, l, c.TextWidth, 4))
        : b * c.T5.NumLayers * (2.0 * l * (4L * c.T5.DModel * c.T5.NumHeads * c.T5.DKv + (c.T5.GatedGelu ? 3 : 2) * c.T5.DModel * c.T5.DFf)
            + 4.0 * l * l * c.T5.NumHeads * c.T5.DKv);

    /// <summary>Context encoder over G + visible tokens and L text tokens (textFeatures: false for the target pass).</summary>
    public static double ContextEncoder(ModelConfig c, long b, long visible, long l, bool textFeatures = true) =>
        b * (2.0 * visible * c.TokenChannels * c.Width + 2.0 * l * c.TextFeatureWidth * c.Width
             + Stack(c.EncoderDepth, c.BufferTokens + visible, l, c.Width, c.MlpRatio, textFeatures));

    /// <summary>Feature predictor over G + N tokens and L text tokens.</summary>
    public static double Predictor(ModelConfig c, long b, long n, long visible, long l) =>
        b * (2.0 * (c.BufferTokens + visible) * c.Width * c.PredictorWidth + 2.0 * l * c.Width * c.PredictorWidth
             + Stack(c.PredictorDepth, c.BufferTokens + n, l, c.PredictorWidth, c.MlpRatio, lastText: false));

    /// <summary>Per-token head over M tokens (masked tokens × repeats).</summary>
    public static double TokenHead(ModelConfig c, long m)
    {
        long w = c.HeadWidth, ch = c.TokenChannels;
        return 2.0 * m * (ch * w + TimestepEmbedder.FrequencySize * w + w * w + c.PredictorWidth * w
                          + c.HeadDepth * 5 * w * w + 2 * w * w + w * ch);
    }

    public static double PredictionHead(ModelConfig c, long m) => 2.0 * m * (4L * c.PredictorWidth * c.PredictorWidth + 4L * c.PredictorWidth * c.Width);

    /// <summary>FLOPs of one training step: batch b, N tokens of which masked are masked, L text tokens.</summary>
    public static double TrainStep(ModelConfig c, long b, long n, long masked, long l)
    {
        long visible = n - masked;
        double student = TextEncoder(c, b, l) + ContextEncoder(c, b, visible, l) + Predictor(c, b, n, visible, l)
                         + TokenHead(c, b * masked * c.FlowRepeats) + PredictionHead(c, b * masked);
        double target = TextEncoder(c, b, l) + ContextEncoder(c, b, n, l, textFeatures: false);
        return 3 * student + target;
    }
}
