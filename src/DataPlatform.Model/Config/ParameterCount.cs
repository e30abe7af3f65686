namespace DataPlatform.Model;

/// <summary>Parameter count of one component.</summary>
public sealed record ComponentCount(string Component, long Parameters);

/// <summary>
/// Analytic parameter counts per component, from the config alone: no weights are allocated, so the 2.6B
/// preset can be sized on a laptop. Mirrors the module constructors exactly (a test checks it against real
/// modules). The D-JEPA·T2I network is context encoder + predictor + prediction head + token head; the text
/// encoder and the visual tokenizer are counted separately.
/// </summary>
public static class ParameterCount
{
    public const string ContextEncoder = "context_encoder";
    public const string Predictor = "predictor";
    public const string PredictionHead = "prediction_head";
    public const string TokenHead = "token_head";
    public const string TextEncoder = "text_encoder";
    public const string VisualTokenizer = "visual_tokenizer";

    public static IReadOnlyList<ComponentCount> Components(ModelConfig c) =>
    [
        new(ContextEncoder, ContextEncoderCount(c)),
        new(Predictor, PredictorCount(c)),
        new(PredictionHead, PredictionHeadCount(c)),
        new(TokenHead, TokenHeadCount(c)),
        new(TextEncoder, c.TextEncoder == TextEncoderKind.Bpe ? BpeTextEncoderCount(c) : T5Count(c.T5)),
        new(VisualTokenizer, c.Tokenizer == VisualTokenizerKind.Patch ? 0 : VaeCount(c.Vae)),
    ];

    /// <summary>The D-JEPA·T2I network without text encoder and tokenizer (the figure the paper's 2.6B refers to).</summary>
    public static long Network(ModelConfig c) => ContextEncoderCount(c) + PredictorCount(c) + PredictionHeadCount(c) + TokenHeadCount(c);

    /// <summary>Everything inside <see cref="DJepaT2I"/>: the network plus its text encoder.</summary>
    public static long Module(ModelConfig c) => Network(c) + (c.TextEncoder == TextEncoderKind.Bpe ? BpeTextEncoderCount(c) : T5Count(c.T5));

    private static long Linear(long i, long o, bool bias = true) => i * o + (bias ? o : 0);

    private static long LayerNorm(long d) => 2 * d;

    private static long Stream(long d, long heads, long mlpRatio, bool qkNorm = true) =>
        LayerNorm(d) + Linear(d, 3 * d) + (qkNorm ? 2 * (d / heads) : 0) + Linear(d, d) + LayerNorm(d) + Linear(d, mlpRatio * d) + Linear(mlpRatio * d, d);

    private static long Block(ModelConfig c, long d) => Stream(d, c.Heads, c.MlpRatio, c.QkNorm) * (c.TextStream == TextStreamKind.Dual ? 2 : 1);

    private static long Positions(ModelConfig c, long d) => c.Position == PositionKind.LearnedAbsolute ? (long)c.MaxGridSide * c.MaxGridSide * d : 0;

    public static long ContextEncoderCount(ModelConfig c) =>
        Linear(c.TokenChannels, c.Width) + Linear(c.TextFeatureWidth, c.Width) + (long)c.BufferTokens * c.Width
        + Positions(c, c.Width) + c.EncoderDepth * Block(c, c.Width) + 2 * LayerNorm(c.Width);

    public static long PredictorCount(ModelConfig c) =>
        2 * Linear(c.Width, c.PredictorWidth) + c.PredictorWidth + Positions(c, c.PredictorWidth)
        + c.PredictorDepth * Block(c, c.PredictorWidth) + LayerNorm(c.PredictorWidth)
        + (c.PooledTextCondition ? Linear(c.Width, c.PredictorWidth) : 0);

    public static long PredictionHeadCount(ModelConfig c) =>
        Linear(c.PredictorWidth, 4L * c.PredictorWidth) + LayerNorm(4L * c.PredictorWidth) + Linear(4L * c.PredictorWidth, c.Width);

    public static long TokenHeadCount(ModelConfig c)
    {
        long w = c.HeadWidth, ch = c.TokenChannels;
        long time = Linear(TimestepEmbedder.FrequencySize, w) + Linear(w, w);
        long block = LayerNorm(w) + 2 * Linear(w, w) + Linear(w, 3 * w);
        long final = Linear(w, ch) + Linear(w, 2 * w);
        return time + Linear(c.PredictorWidth, w) + Linear(ch, w) + c.HeadDepth * block + final;
    }

    public static long BpeTextEncoderCount(ModelConfig c) =>
        (long)Gpt2Bpe.VocabSize * c.TextEmbedDim + Linear(c.TextEmbedDim, c.TextWidth) + (long)c.MaxTextTokens * c.TextWidth
        + c.TextDepth * Stream(c.TextWidth, c.TextHeads, 4) + LayerNorm(c.TextWidth);

    public static long T5Count(T5Config t)
    {
        long inner = (long)t.NumHeads * t.DKv;
        long attention = 4 * t.DModel * inner + t.DModel;
        long ff = (t.GatedGelu ? 3 : 2) * (long)t.DModel * t.DFf + t.DModel;
        return (long)t.VocabSize * t.DModel + t.NumLayers * (attention + ff) + (long)t.RelativeAttentionNumBuckets * t.NumHeads + t.DModel;
    }

    public static long VaeCount(VaeConfig v)
    {
        static long Conv(long i, long o) => i * o * 9 + o;
        var ch = v.ChannelMultipliers.Select(m => (long)m * v.BaseChannels).ToArray();
        long encoder = Conv(v.ImageChannels, ch[0]) + Conv(ch[^1], 2L * v.LatentChannels);
        long decoder = Conv(v.LatentChannels, ch[^1]) + Conv(ch[0], v.ImageChannels);
        for (int i = 1; i < ch.Length; i++)
        {
            encoder += Conv(ch[i - 1], ch[i]) + Conv(ch[i], ch[i]);
            decoder += Conv(ch[i], ch[i - 1]) + Conv(ch[i - 1], ch[i - 1]);
        }
        return encoder + decoder;
    }
}
