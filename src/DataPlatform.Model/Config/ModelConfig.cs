using System.Text.Json.Serialization;
using DataPlatform.Core;

namespace DataPlatform.Model;

/// <summary>Which visual tokenizer turns pixels into tokens.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VisualTokenizerKind>))]
public enum VisualTokenizerKind { Patch, KlVae }

/// <summary>Which text encoder turns captions into text tokens.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextEncoderKind>))]
public enum TextEncoderKind { Bpe, T5 }

/// <summary>How text tokens pass through the backbone: separate weights (MM-DiT dual stream) or the image weights.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextStreamKind>))]
public enum TextStreamKind { Dual, Shared }

/// <summary>Position signal of visual tokens (PAPER-NOTES, VoPE and its ablation variants).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PositionKind>))]
public enum PositionKind { VoPE, IntegerRope, PerAxisRope, LearnedAbsolute }

/// <summary>Per-token head: flow matching (the paper) or Gaussian diffusion (ablation).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HeadKind>))]
public enum HeadKind { Flow, Diffusion }

/// <summary>
/// Everything that fixes the shape of a D-JEPA·T2I network. Immutable; presets are plain factories
/// (<see cref="ModelPresets"/>). Defaults follow PAPER-NOTES.md.
/// </summary>
public sealed record ModelConfig
{
    // visual tokens
    /// <summary>Pixels -> tokens: patches of raw pixels, or a KL-VAE latent grid patchified.</summary>
    public VisualTokenizerKind Tokenizer { get; init; } = VisualTokenizerKind.Patch;
    /// <summary>Image channels (RGB).</summary>
    public int ImageChannels { get; init; } = 3;
    /// <summary>Patch side over pixels (Patch) or over the latent grid (KlVae; 1 in D-JEPA).</summary>
    public int PatchSize { get; init; } = 4;
    /// <summary>The KL-VAE, used when <see cref="Tokenizer"/> is KlVae.</summary>
    public VaeConfig Vae { get; init; } = new();

    // text
    public TextEncoderKind TextEncoder { get; init; } = TextEncoderKind.Bpe;
    /// <summary>Small BPE text transformer: embedding width (factorised), width, depth (0: embeddings only), heads.</summary>
    public int TextEmbedDim { get; init; } = 32;
    /// <summary>
    /// Standard deviation of the initial token embeddings. At GPT-2's 0.02 the token signal entering the text transformer is
    /// a hundredth of the block outputs, and trained Small models ended with the same features for every caption
    /// (cosine 1.000 between "a red circle" and "a purple circle"); at 1 words start as distinct as they are.
    /// </summary>
    public double TextEmbedInitStd { get; init; } = 1.0;
    public int TextWidth { get; init; } = 128;
    public int TextDepth { get; init; } = 2;
    public int TextHeads { get; init; } = 4;
    /// <summary>The T5 encoder, used when <see cref="TextEncoder"/> is T5.</summary>
    public T5Config T5 { get; init; } = T5Config.Tiny;
    /// <summary>Text length cap in tokens (paper: 256).</summary>
    public int MaxTextTokens { get; init; } = 256;

    // context encoder and feature predictor
    public int Width { get; init; } = 128;
    public int EncoderDepth { get; init; } = 4;
    public int PredictorWidth { get; init; } = 128;
    public int PredictorDepth { get; init; } = 4;
    public int Heads { get; init; } = 4;
    public int MlpRatio { get; init; } = 4;
    public double Dropout { get; init; } = 0.1;
    public int BufferTokens { get; init; } = 64;
    public TextStreamKind TextStream { get; init; } = TextStreamKind.Dual;
    /// <summary>RMSNorm on each head's queries and keys in the backbone's joint attention (the paper's blocks).</summary>
    public bool QkNorm { get; init; } = true;
    /// <summary>
    /// [ours] Adds Linear(mean of φ's text features) to every z_i, so the per-token head sees the caption directly and
    /// not only through attention. Zero-initialised. Off in the paper's blocks.
    /// </summary>
    public bool PooledTextCondition { get; init; }

    // positions
    public PositionKind Position { get; init; } = PositionKind.VoPE;
    public double RopeBase { get; init; } = 10000;
    /// <summary>G: side of the reference token grid (training base resolution in tokens).</summary>
    public int BaseGridSide { get; init; } = 8;
    /// <summary>Largest grid side for learned absolute positions.</summary>
    public int MaxGridSide { get; init; } = 32;

    // per-token head
    public HeadKind Head { get; init; } = HeadKind.Flow;
    public int HeadWidth { get; init; } = 192;
    public int HeadDepth { get; init; } = 3;
    /// <summary>Each masked token is repeated this many times with fresh (t, noise) in L_flow.</summary>
    public int FlowRepeats { get; init; } = 4;
    public int DiffusionSteps { get; init; } = 1000;

    // masking and losses
    public double MaskRatioMin { get; init; } = 0.7;
    public double MaskRatioMean { get; init; } = 1.0;
    public double MaskRatioStd { get; init; } = 0.25;
    public double SmoothL1Beta { get; init; } = 2.0;
    public double CaptionDropout { get; init; } = 0.1;

    /// <summary>C: values per visual token.</summary>
    public int TokenChannels => Tokenizer == VisualTokenizerKind.Patch
        ? ImageChannels * PatchSize * PatchSize
        : Vae.LatentChannels * PatchSize * PatchSize;

    /// <summary>Pixels per token side.</summary>
    public int PixelsPerToken => Tokenizer == VisualTokenizerKind.Patch ? PatchSize : PatchSize * Vae.Downsample;

    /// <summary>Width of the text features fed to the backbone.</summary>
    public int TextFeatureWidth => TextEncoder == TextEncoderKind.Bpe ? TextWidth : T5.DModel;

    /// <summary>Every rule at once; names the field, the rule and the value.</summary>
    public ModelConfig Validate()
    {
        var v = new Validation();
        v.AtLeast("model.image_channels", ImageChannels, 1).AtLeast("model.patch_size", PatchSize, 1)
         .AtLeast("model.width", Width, 8).AtLeast("model.predictor_width", PredictorWidth, 8)
         .AtLeast("model.encoder_depth", EncoderDepth, 1).AtLeast("model.predictor_depth", PredictorDepth, 1)
         .AtLeast("model.heads", Heads, 1).AtLeast("model.mlp_ratio", MlpRatio, 1)
         .InRange("model.dropout", Dropout, 0, 0.9).AtLeast("model.buffer_tokens", BufferTokens, 0)
         .AtLeast("model.base_grid_side", BaseGridSide, 1).AtLeast("model.max_grid_side", MaxGridSide, 1)
         .AtLeast("model.head_width", HeadWidth, 8).AtLeast("model.head_depth", HeadDepth, 1)
         .AtLeast("model.flow_repeats", FlowRepeats, 1).AtLeast("model.diffusion_steps", DiffusionSteps, 2)
         .InRange("model.max_text_tokens", MaxTextTokens, 1, 256)
         .InRange("model.mask_ratio_min", MaskRatioMin, 0.0, 1.0).AtLeast("model.mask_ratio_std", MaskRatioStd, 1e-6)
         .AtLeast("model.smooth_l1_beta", SmoothL1Beta, 1e-6).InRange("model.caption_dropout", CaptionDropout, 0, 1)
         .AtLeast("model.text_width", TextWidth, 8).AtLeast("model.text_depth", TextDepth, 0)
         .AtLeast("model.text_heads", TextHeads, 1).AtLeast("model.text_embed_dim", TextEmbedDim, 1)
         .AtLeast("model.text_embed_init_std", TextEmbedInitStd, 1e-6);
        v.MultipleOf("model.width", Width, Heads).MultipleOf("model.predictor_width", PredictorWidth, Heads)
         .MultipleOf("model.text_width", TextWidth, TextHeads);
        bool rope = Position != PositionKind.LearnedAbsolute;
        if (rope && Heads > 0 && Width % Heads == 0 && (Width / Heads) % 4 != 0)
            v.Add($"model.width / model.heads must be a multiple of 4 for 2-D RoPE, was {Width / Heads}");
        if (rope && Heads > 0 && PredictorWidth % Heads == 0 && (PredictorWidth / Heads) % 4 != 0)
            v.Add($"model.predictor_width / model.heads must be a multiple of 4 for 2-D RoPE, was {PredictorWidth / Heads}");
        if (Tokenizer == VisualTokenizerKind.KlVae) Vae.Validate(v);
        if (TextEncoder == TextEncoderKind.T5) T5.Validate(v);
        v.ThrowIfInvalid();
        return this;
    }
}
