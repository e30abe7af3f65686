namespace DataPlatform.Model;

/// <summary>
/// Named size presets (plain factories). Tiny: tests. Small: the CPU demo (32x32 images, 4x4 patches, the
/// shape of CALIBRATION.md's 2.4M prototype with a dual-stream text path). B / L / H: D-JEPA's sizes
/// (encoder = predictor; text through the shared image weights, as D-JEPA has no text stream). T2I: an H-sized
/// dual-stream model with the H head, the plausible shape of the paper's 2.6B model, with a T5-XXL text encoder.
/// B, L, H and T2I use MAR's KL-16 tokenizer shape (16 latent channels, 16x downsampling, latent scale 0.2325).
/// </summary>
public static class ModelPresets
{
    public static IReadOnlyList<string> Names { get; } = ["tiny", "small", "b", "l", "h", "t2i"];

    public static ModelConfig Tiny => new()
    {
        PatchSize = 4, BaseGridSide = 8, MaxGridSide = 16,
        TextEmbedDim = 8, TextWidth = 64, TextDepth = 1, TextHeads = 4,
        Width = 64, EncoderDepth = 2, PredictorWidth = 64, PredictorDepth = 2, Heads = 4, BufferTokens = 4,
        HeadWidth = 64, HeadDepth = 2,
    };

    public static ModelConfig Small => new()
    {
        PatchSize = 4, BaseGridSide = 8, MaxGridSide = 32,
        TextEmbedDim = 32, TextWidth = 128, TextDepth = 2, TextHeads = 4,
        Width = 128, EncoderDepth = 4, PredictorWidth = 128, PredictorDepth = 4, Heads = 4, BufferTokens = 4,
        HeadWidth = 192, HeadDepth = 3,
    };

    private static ModelConfig DJepa(int width, int depth, int heads, int headWidth, int headDepth) => new()
    {
        Tokenizer = VisualTokenizerKind.KlVae, PatchSize = 1,
        Vae = new VaeConfig { BaseChannels = 128, ChannelMultipliers = [1, 1, 2, 2, 4], LatentChannels = 16, LatentScale = 0.2325 },
        BaseGridSide = 16, MaxGridSide = 256,
        TextEncoder = TextEncoderKind.Bpe, TextEmbedDim = 512, TextWidth = 512, TextDepth = 6, TextHeads = 8,
        Width = width, EncoderDepth = depth, PredictorWidth = width, PredictorDepth = depth, Heads = heads,
        BufferTokens = 64, TextStream = TextStreamKind.Shared, HeadWidth = headWidth, HeadDepth = headDepth,
    };

    public static ModelConfig B => DJepa(768, 12, 12, 1024, 6);

    public static ModelConfig L => DJepa(1024, 24, 16, 1280, 8);

    public static ModelConfig H => DJepa(1280, 32, 16, 1536, 12);

    public static ModelConfig T2I => H with { TextStream = TextStreamKind.Dual, TextEncoder = TextEncoderKind.T5, T5 = T5Config.V11Xxl };

    /// <summary>Preset by name (case-insensitive); an unknown name lists the known ones.</summary>
    public static ModelConfig ByName(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "small" => Small,
        "b" => B,
        "l" => L,
        "h" => H,
        "t2i" => T2I,
        _ => throw new ArgumentException($"unknown model preset '{name}'; known: {string.Join(", ", Names)}"),
    };
}
