using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// D-JEPA·T2I (PAPER-NOTES.md): text encoder -> context encoder φ over [text | buffer, visible tokens] ->
/// feature predictor γ with mask tokens -> per-token head (flow matching) on z_i, plus the JEPA
/// prediction head u(z_i) -> φ̄'s feature of token i. The target encoder φ̄ is a second instance of this
/// class holding the EMA weights (<see cref="Ema"/>); it also serves as the sampler.
/// Letters: B batch, N grid tokens (h·w), Nv visible, L text, C token channels, D width, Dp predictor width.
/// </summary>
public sealed class DJepaT2I : nn.Module
{
    // text encoder
    private readonly nn.Module text_encoder;
    // context encoder φ (with buffer tokens)
    private readonly ContextEncoder context_encoder;
    // feature predictor γ (with mask tokens)
    private readonly FeaturePredictor predictor;
    // JEPA prediction head u
    private readonly PredictionHead prediction_head;
    // per-token head: flow matching (or Gaussian diffusion for ablation)
    private readonly nn.Module token_head;

    // GELU takes ATen's kernel, not oneDNN's, in every process that builds a model (TorchRuntime.DisableOneDnn).
    static DJepaT2I() => TorchRuntime.DisableOneDnn();

    public DJepaT2I(ModelConfig config) : base(nameof(DJepaT2I))
    {
        Config = config.Validate();
        text_encoder = config.TextEncoder == TextEncoderKind.Bpe ? new BpeTextEncoder(config) : new T5Encoder(config.T5);
        context_encoder = new ContextEncoder(config);
        predictor = new FeaturePredictor(config);
        prediction_head = new PredictionHead(config.PredictorWidth, config.Width);
        token_head = config.Head == HeadKind.Flow
            ? new FlowMatchingHead(config.TokenChannels, config.PredictorWidth, config.HeadWidth, config.HeadDepth)
            : new GaussianDiffusionHead(config.TokenChannels, config.PredictorWidth, config.HeadWidth, config.HeadDepth, config.DiffusionSteps);
        RegisterComponents();
    }

    public ModelConfig Config { get; }

    /// <summary>Where the weights live (<see cref="TorchDevices"/>); the trainer and the sampler move their inputs here.</summary>
    public Device Device => parameters().First().device;

    public ITextEncoder TextEncoder => (ITextEncoder)text_encoder;

    public ITokenHead TokenHead => (ITokenHead)token_head;

    internal nn.Module TokenHeadModule => token_head;

    internal ContextEncoder ContextEncoderModule => context_encoder;

    /// <summary>ids (B, L), mask (B, L) -> text features (B, L, Dt).</summary>
    public Tensor EncodeText(TextBatch text)
    {
        if (text.Ids.shape[1] > Config.MaxTextTokens)
            throw new ArgumentException($"text has {text.Ids.shape[1]} tokens, more than model.max_text_tokens {Config.MaxTextTokens}");
        return TextEncoder.Encode(text.Ids, text.Mask);
    }

    /// <summary>
    /// φ then γ: tokens (B, N, C) of an h x w grid, the visible positions idx (B, Nv), text features (B, L, Dt)
    /// -> z (B, N, Dp) for every position.
    /// </summary>
    public Tensor PredictFeatures(Tensor tokens, Tensor visibleIdx, int h, int w, Tensor text, Tensor textMask)
    {
        var visible = tokens.gather(1, visibleIdx.unsqueeze(-1).expand(-1, -1, tokens.shape[2]));  // (B, Nv, C)
        var (encoded, encodedText) = context_encoder.forward(visible, visibleIdx, h, w, text, textMask);  // (B, G + Nv, D), (B, L, D)
        return predictor.forward(encoded, visibleIdx, h, w, encodedText!, textMask);  // (B, N, Dp)
    }

    /// <summary>φ over ALL tokens: target features (B, N, D), the buffer dropped. Called on the EMA copy, under no_grad.</summary>
    public Tensor TargetFeatures(Tensor tokens, int h, int w, TextBatch text)
    {
        long b = tokens.shape[0], n = tokens.shape[1];
        var all = arange(n, device: tokens.device).unsqueeze(0).expand(b, n);  // (B, N)
        var (encoded, _) = context_encoder.forward(tokens, all, h, w, EncodeText(text), text.Mask, textFeatures: false);  // (B, G + N, D)
        return encoded.narrow(1, Config.BufferTokens, n);
    }

    /// <summary>u(z): (..., Dp) -> (..., D).</summary>
    public Tensor PredictTarget(Tensor z) => prediction_head.call(z);
}
