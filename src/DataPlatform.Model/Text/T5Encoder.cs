using Microsoft.ML.Tokenizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// T5 encoder (HF T5EncoderModel layout: shared, encoder.block.N..., encoder.final_layer_norm). Real weights
/// import from safetensors with <see cref="ImportSafetensors"/>. Tokenizing text needs the checkpoint's
/// SentencePiece model (spiece.model); without one, pass ids to <see cref="Encode"/> directly.
/// Pad id 0, end-of-sequence id 1; the null caption is the empty string, i.e. [EOS].
/// </summary>
public sealed class T5Encoder : nn.Module, ITextEncoder
{
    public const long EosId = 1;

    private readonly Embedding shared;
    private readonly T5Stack encoder;
    private readonly T5Config config;
    private Tokenizer? sentencePiece;

    public T5Encoder(T5Config config) : base(nameof(T5Encoder))
    {
        this.config = config;
        shared = nn.Embedding(config.VocabSize, config.DModel);
        encoder = new T5Stack(config);
        RegisterComponents();
    }

    public long Width => config.DModel;

    /// <summary>T5's pad id, 0.</summary>
    public long PadId => 0;

    /// <summary>Loads the SentencePiece model of the checkpoint (spiece.model) for <see cref="Tokenize"/>.</summary>
    public void UseSentencePiece(Stream spieceModel) =>
        sentencePiece = SentencePieceTokenizer.Create(spieceModel, false, false);

    public TextBatch Tokenize(IReadOnlyList<string> captions, int maxTokens)
    {
        if (sentencePiece is null)
            throw new InvalidOperationException("the T5 text encoder needs the checkpoint's spiece.model to tokenize text (UseSentencePiece)");
        var rows = captions.Select(c => (IReadOnlyList<int>)sentencePiece.EncodeToIds(c, maxTokens - 1, out _, out _).Append((int)EosId).ToList()).ToList();
        return TextBatches.Pad(rows, PadId);
    }

    public TextBatch NullCaption(long batch) => new(full([batch, 1], EosId, dtype: int64), ones([batch, 1], dtype: @bool));

    public Tensor Encode(Tensor ids, Tensor mask) => encoder.forward(shared.call(ids), mask);  // (B, L, D)

    /// <summary>
    /// Imports HF T5 weights: keeps shared.* and encoder.* (a full T5 checkpoint's decoder is ignored), loads the
    /// tied twin encoder.embed_tokens.weight only when shared.weight is absent, checks every name and shape first.
    /// </summary>
    public void ImportSafetensors(string path)
    {
        var loaded = TorchSharp.PyBridge.Safetensors.LoadStateDict(path);
        var wanted = new Dictionary<string, Tensor>();
        foreach (var (key, value) in loaded)
        {
            if (key == "encoder.embed_tokens.weight")
            {
                if (!loaded.ContainsKey("shared.weight")) wanted["shared.weight"] = value;
                continue;
            }
            if (key.StartsWith("shared.", StringComparison.Ordinal) || key.StartsWith("encoder.", StringComparison.Ordinal)) wanted[key] = value;
        }
        StateDicts.LoadChecked(this, wanted, path);
    }
}
