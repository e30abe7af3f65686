using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Small trainable text transformer over GPT-2 BPE: factorised token embedding (vocab x E, then E -> Dt),
/// learned positions up to the text cap, pre-LN self-attention blocks with a padding mask.
/// The null caption is the single &lt;|endoftext|&gt; token. Letters: B batch, L text tokens, Dt width.
/// </summary>
public sealed class BpeTextEncoder : nn.Module, ITextEncoder
{
    private readonly Embedding token_embed;
    private readonly Linear embed_proj;
    private readonly Parameter pos_embed;
    private readonly ModuleList<TextEncoderBlock> blocks;
    private readonly LayerNorm norm;
    private readonly long width;

    public BpeTextEncoder(ModelConfig config) : base(nameof(BpeTextEncoder))
    {
        width = config.TextWidth;
        token_embed = nn.Embedding(Gpt2Bpe.VocabSize, config.TextEmbedDim);
        embed_proj = nn.Linear(config.TextEmbedDim, config.TextWidth);
        pos_embed = new Parameter(empty(config.MaxTextTokens, config.TextWidth));  // (Lmax, Dt)
        using (no_grad())
        {
            nn.init.normal_(token_embed.weight!, std: config.TextEmbedInitStd);
            nn.init.trunc_normal_(pos_embed, std: 0.02);
        }
        blocks = new ModuleList<TextEncoderBlock>();
        for (int i = 0; i < config.TextDepth; i++) blocks.Add(new TextEncoderBlock(config.TextWidth, config.TextHeads, config.Dropout));
        norm = nn.LayerNorm(config.TextWidth, eps: 1e-6);
        RegisterComponents();
    }

    public long Width => width;

    public long PadId => Gpt2Bpe.EndOfText;

    public TextBatch Tokenize(IReadOnlyList<string> captions, int maxTokens) =>
        TextBatches.Pad(captions.Select(c => Gpt2Bpe.Encode(c, Math.Min(maxTokens, (int)pos_embed.shape[0]))).ToList(), Gpt2Bpe.EndOfText);

    public TextBatch NullCaption(long batch) =>
        new(full([batch, 1], (long)Gpt2Bpe.EndOfText, dtype: int64), ones([batch, 1], dtype: @bool));

    public Tensor Encode(Tensor ids, Tensor mask)
    {
        long l = ids.shape[1];
        if (l > pos_embed.shape[0]) throw new ArgumentException($"text has {l} tokens, more than the cap of {pos_embed.shape[0]}");
        var x = embed_proj.call(token_embed.call(ids)).add(pos_embed.narrow(0, 0, l));  // (B, L, Dt)
        var keyMask = mask.all().item<bool>() ? null
            : zeros(mask.shape, device: mask.device).masked_fill(mask.logical_not(), float.NegativeInfinity).view(mask.shape[0], 1, 1, l);
        foreach (var block in blocks) x = block.forward(x, keyMask);
        return norm.call(x);
    }
}
