using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class StageShapeTests
{
    [Fact]
    public void Every_stage_has_the_documented_shape()
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model();
        var c = model.Config;
        var images = TorchFixture.Images(2, 32, 48);  // a non-square 8 x 12 token grid
        var grid = new PatchTokenizer(c.PatchSize).Encode(images);
        Assert.Equal([2L, 96, 48], grid.Tokens.shape);
        Assert.Equal((8, 12), (grid.Height, grid.Width));

        var text = model.TextEncoder.Tokenize(TorchFixture.Captions[..2], c.MaxTextTokens);
        long l = text.Ids.shape[1];
        var textFeatures = model.EncodeText(text);
        Assert.Equal([2L, l, c.TextWidth], textFeatures.shape);

        var plan = Masking.Plan(2, 96, 0.75, new Generator(5));
        Assert.Equal(72, plan.MaskedCount);
        Assert.Equal([2L, 24], plan.VisibleIdx.shape);

        var z = model.PredictFeatures(grid.Tokens, plan.VisibleIdx, 8, 12, textFeatures, text.Mask);
        Assert.Equal([2L, 96, c.PredictorWidth], z.shape);
        Assert.Equal([2L, 96, c.Width], model.PredictTarget(z).shape);
        Assert.Equal([2L, 96, c.Width], model.TargetFeatures(grid.Tokens, 8, 12, text).shape);

        var flat = z.reshape(-1, c.PredictorWidth);
        Assert.Equal([192L], model.TokenHead.Loss(grid.Tokens.reshape(-1, 48), flat, new Generator(1)).PerToken.shape);
        Assert.Equal([192L, 48], model.TokenHead.Sample(flat, randn(192, 48), 1.0, new TokenSampling(Steps: 2)).shape);
        Assert.Equal([2L, 3, 32, 48], new PatchTokenizer(c.PatchSize).Decode(grid.Tokens, 8, 12).shape);
    }

    [Fact]
    public void A_last_block_whose_text_output_is_not_read_skips_it_and_leaves_the_image_output_alone()
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model();
        model.eval();
        var c = model.Config;
        var grid = new PatchTokenizer(c.PatchSize).Encode(TorchFixture.Images(2, 32, 32));
        var text = model.TextEncoder.Tokenize(TorchFixture.Captions[..2], c.MaxTextTokens);
        var all = arange(64).unsqueeze(0).expand(2, 64);
        var textFeatures = model.EncodeText(text);
        var (withText, encodedText) = model.ContextEncoderModule.forward(grid.Tokens, all, 8, 8, textFeatures, text.Mask);
        var (withoutText, none) = model.ContextEncoderModule.forward(grid.Tokens, all, 8, 8, textFeatures, text.Mask, textFeatures: false);
        Assert.Equal([2L, text.Ids.shape[1], c.Width], encodedText!.shape);
        Assert.Null(none);
        Assert.True(TorchFixture.Same(withText, withoutText));

        var block = new JointAttentionBlock(16, 2, 2, 0.0, dualStream: true);
        var (img, txt) = (randn(2, 5, 16), randn(2, 3, 16));
        var (finishedImg, finishedTxt) = block.forward(img, txt, null, null);
        var (skippedImg, skippedTxt) = block.forward(img, txt, null, null, finishText: false);
        Assert.True(TorchFixture.Same(finishedImg, skippedImg));
        Assert.Same(txt, skippedTxt);
        Assert.False(TorchFixture.Same(txt, finishedTxt));
    }

    [Fact]
    public void Patch_tokenizer_round_trips_pixels_exactly()
    {
        using var scope = NewDisposeScope();
        var images = TorchFixture.Images(2, 16, 32);
        var tokenizer = new PatchTokenizer(4);
        var grid = tokenizer.Encode(images);
        Assert.True(tokenizer.Decode(grid.Tokens, grid.Height, grid.Width).eq(images).all().item<bool>());
        // token (i, j) holds the pixels of patch (i, j): token 1 of row 0 starts at pixel column 4
        Assert.Equal(images[0, 0, 0, 4].item<float>(), grid.Tokens[0, 1, 0].item<float>());
    }

    [Fact]
    public void Kl_vae_and_diffusion_head_and_t5_variants_have_the_documented_shapes()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var vae = new KlVae(new VaeConfig { BaseChannels = 8, ChannelMultipliers = [1, 2], LatentChannels = 4 }, patchSize: 2);
        var grid = vae.Encode(TorchFixture.Images(2, 32, 16));
        Assert.Equal([2L, 32, 16], grid.Tokens.shape);  // 32x16 px -> 16x8 latent -> 8x4 = 32 tokens of 4·2² values
        Assert.Equal([2L, 3, 32, 16], vae.Decode(grid.Tokens, grid.Height, grid.Width).shape);

        var config = TorchFixture.Tiny with { Head = HeadKind.Diffusion, TextEncoder = TextEncoderKind.T5, Position = PositionKind.LearnedAbsolute, TextStream = TextStreamKind.Shared };
        var model = new DJepaT2I(config);
        var ids = tensor(new long[] { 5, 9, 1, 0, 7, 1, 0, 0 }, [2, 4]);
        var text = new TextBatch(ids, ids.ne(0));
        var tokens = randn(2, 64, 48);
        var z = model.PredictFeatures(tokens, Masking.Plan(2, 64, 0.8, new Generator(1)).VisibleIdx, 8, 8, model.EncodeText(text), text.Mask);
        Assert.Equal([2L, 64, config.PredictorWidth], z.shape);
        Assert.Equal([128L, 48], model.TokenHead.Sample(z.reshape(-1, config.PredictorWidth), randn(128, 48), 1.0, new TokenSampling(Steps: 3)).shape);
    }

    [Fact]
    public void Variants_without_qk_norm_with_pooled_text_and_an_embedding_only_text_encoder_train()
    {
        using var scope = NewDisposeScope();
        var config = TorchFixture.Tiny with { QkNorm = false, PooledTextCondition = true, TextDepth = 0, CaptionDropout = 0 };
        var model = TorchFixture.Model(config);
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.DoesNotContain(named.Keys, name => name.Contains("q_norm") || name.StartsWith("text_encoder.blocks", StringComparison.Ordinal));
        var pooled = named["predictor.pooled_text.weight"];
        Assert.Equal(0.0, pooled.abs().max().item<float>());  // zero-initialised: no effect until trained

        var tokens = new PatchTokenizer(4).Encode(TorchFixture.Images(4, 32, 32)).Tokens;
        var text = model.TextEncoder.Tokenize(TorchFixture.Captions, config.MaxTextTokens);
        var z = model.PredictFeatures(tokens, Masking.Plan(4, 64, 0.8, new Generator(1)).VisibleIdx, 8, 8, model.EncodeText(text), text.Mask);
        Assert.Equal([4L, 64, config.PredictorWidth], z.shape);
        z.pow(2).mean().backward();
        Assert.True(pooled.grad is not null && pooled.grad.abs().max().item<float>() > 0, "the pooled caption projection gets no gradient");
    }
}
