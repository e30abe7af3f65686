using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class TextEncoderTests
{
    /// <summary>Cosine similarity of the mean text features of two captions, from the Small preset's BPE encoder at init.</summary>
    private static double PooledCosine(ModelConfig config, string a, string b)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        TorchFixture.Init();
        var encoder = new BpeTextEncoder(config);
        encoder.eval();
        var text = encoder.Tokenize([a, b], config.MaxTextTokens);
        var features = encoder.Encode(text.Ids, text.Mask);  // (2, L, Dt)
        var pooled = FeaturePredictor.MaskedMean(features, text.Mask);  // (2, Dt)
        return nn.functional.cosine_similarity(pooled[0].unsqueeze(0), pooled[1].unsqueeze(0)).item<float>();
    }

    [Fact]
    public void Captions_that_differ_in_one_word_start_with_distinct_features()
    {
        var small = ModelPresets.Small with { Dropout = 0 };
        double colour = PooledCosine(small, "a red circle", "a purple circle");
        double shape = PooledCosine(small, "a red circle", "a red square");
        double gpt2Init = PooledCosine(small with { TextEmbedInitStd = 0.02 }, "a red circle", "a purple circle");
        Assert.True(colour < 0.9 && shape < 0.9, $"cosine {colour:0.000} (colour word) and {shape:0.000} (shape word): the words barely reach the features");
        Assert.True(gpt2Init > 0.99, $"GPT-2's 0.02 init gave near-identical features (cosine {gpt2Init:0.000}); if no longer, revisit the default");
    }
}
