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
    public void Padding_leaves_a_captions_features_unchanged_and_the_null_caption_is_one_end_of_text_token()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        TorchFixture.Init();
        var encoder = new BpeTextEncoder(TorchFixture.Tiny);
        encoder.eval();
        var alone = encoder.Tokenize(["a red circle"], 256);
        var padded = encoder.Tokenize(["a red circle", "two blue squares left of a large green triangle"], 256);
        long l = alone.Ids.shape[1];
        Assert.True(padded.Ids.shape[1] > l);
        Assert.False(padded.Mask[0].all().item<bool>(), "the short caption is padded");

        var features = encoder.Encode(alone.Ids, alone.Mask);  // (1, L, Dt)
        var inBatch = encoder.Encode(padded.Ids, padded.Mask).narrow(0, 0, 1).narrow(1, 0, l);
        var unmasked = encoder.Encode(padded.Ids, ones_like(padded.Mask)).narrow(0, 0, 1).narrow(1, 0, l);
        Assert.True(features.allclose(inBatch, rtol: 1e-5, atol: 1e-5), "padding reached the caption's features through attention");
        Assert.False(features.allclose(unmasked, rtol: 1e-5, atol: 1e-5), "without the mask the padding must show (control)");

        var nullCaption = encoder.NullCaption(3);
        Assert.Equal([3L, 1], nullCaption.Ids.shape);
        Assert.True(nullCaption.Ids.eq(encoder.PadId).all().item<bool>());
        Assert.True(nullCaption.Mask.all().item<bool>(), "the null caption's one token is attended to");
    }

    [Fact]
    public void Text_is_capped_at_256_tokens()
    {
        using var scope = NewDisposeScope();
        var caption = string.Join(" ", Enumerable.Repeat("red", 400));
        var full = new BpeTextEncoder(TorchFixture.Tiny with { MaxTextTokens = 256 });
        Assert.Equal(256, full.Tokenize([caption], 256).Ids.shape[1]);
        Assert.Equal(16, full.Tokenize([caption], 16).Ids.shape[1]);
        var model = TorchFixture.Model(TorchFixture.Tiny with { MaxTextTokens = 16 });
        var tooLong = model.TextEncoder.Tokenize([caption], 17);  // the encoder's own positions cap it at 16 as well
        Assert.Equal(16, tooLong.Ids.shape[1]);
        var forced = new TextBatch(zeros([1, 17], dtype: int64), ones([1, 17], dtype: @bool));
        Assert.Throws<ArgumentException>(() => model.EncodeText(forced));
        var error = Assert.Throws<DataPlatform.Core.ConfigException>(() => (TorchFixture.Tiny with { MaxTextTokens = 300 }).Validate());
        Assert.Contains(error.Errors, e => e.StartsWith("model.max_text_tokens must be in [1, 256], was 300", StringComparison.Ordinal));
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
