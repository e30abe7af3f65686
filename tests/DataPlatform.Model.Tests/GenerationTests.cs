using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class GenerationTests
{
    private static readonly GenerationOptions Fast = new() { Steps = 5, Token = new TokenSampling(Steps: 3), Cfg = 3.0, Seed = 42 };

    [Theory]
    [InlineData(8, 8)]
    [InlineData(4, 12)]
    [InlineData(9, 3)]
    public void Generation_returns_the_requested_grid_and_reveals_every_token_exactly_once(int h, int w)
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model();
        var text = model.TextEncoder.Tokenize(TorchFixture.Captions[..2], 256);
        var result = Sampler.Generate(model, text, h, w, Fast);
        Assert.Equal([2L, h * w, model.Config.TokenChannels], result.Grid.Tokens.shape);
        Assert.True(result.RevealCounts.eq(1).all().item<bool>(), "each position is revealed once and only once");
        var images = new PatchTokenizer(4).Decode(result.Grid.Tokens, h, w);
        Assert.Equal([2L, 3, h * 4, w * 4], images.shape);
        Assert.True(images.isfinite().all().item<bool>());
    }

    [Fact]
    public void Generation_is_reproducible_for_a_seed_and_differs_across_seeds()
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model();
        var text = model.TextEncoder.Tokenize(TorchFixture.Captions[..1], 256);
        var a = Sampler.Generate(model, text, 6, 6, Fast).Grid.Tokens;
        var b = Sampler.Generate(model, text, 6, 6, Fast).Grid.Tokens;
        var c = Sampler.Generate(model, text, 6, 6, Fast with { Seed = 43 }).Grid.Tokens;
        Assert.True(TorchFixture.Same(a, b));
        Assert.False(TorchFixture.Same(a, c));
    }

    [Fact]
    public void An_image_depends_on_its_seed_and_row_not_on_the_batch_it_shares()
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model();
        var captions = TorchFixture.Captions[..3];
        var together = Sampler.Generate(model, model.TextEncoder.Tokenize(captions, 256), 4, 4, Fast).Grid.Tokens;  // (3, 16, C)
        for (int r = 0; r < captions.Length; r++)
        {
            var alone = Sampler.Generate(model, model.TextEncoder.Tokenize([captions[r]], 256), 4, 4, Fast with { FirstRow = r }).Grid.Tokens;
            Assert.True(together.narrow(0, r, 1).allclose(alone, rtol: 1e-4, atol: 1e-4), $"row {r} alone differs from row {r} of the batch");
        }
        var shifted = Sampler.Generate(model, model.TextEncoder.Tokenize([captions[0]], 256), 4, 4, Fast with { FirstRow = 1 }).Grid.Tokens;
        Assert.False(together.narrow(0, 0, 1).allclose(shifted, rtol: 1e-4, atol: 1e-4), "another row must draw another stream");
    }

    [Fact]
    public void Temperature_time_shift_and_the_cfg_schedule_each_change_the_tokens()
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model();
        using (no_grad())
            foreach (var p in model.parameters()) p.add_(randn_like(p).mul(0.05));  // off the zero-initialised head, which returns its start noise
        var text = model.TextEncoder.Tokenize(TorchFixture.Captions[..1], 256);
        Tensor Run(GenerationOptions options) => Sampler.Generate(model, text, 4, 4, options).Grid.Tokens;

        var baseline = Run(Fast);
        Assert.True(TorchFixture.Same(baseline, Run(Fast)));  // so each difference below is its setting's
        Assert.False(TorchFixture.Same(baseline, Run(Fast with { Token = Fast.Token with { Temperature = 0.5 } })), "temperature");
        Assert.False(TorchFixture.Same(baseline, Run(Fast with { Token = Fast.Token with { TimeShift = 3.0 } })), "time shift");
        Assert.False(TorchFixture.Same(baseline, Run(Fast with { LinearCfgSchedule = false })), "linear against constant guidance");
        var unguided = Fast with { Cfg = 1.0 };  // without guidance the schedule has nothing to scale
        Assert.True(TorchFixture.Same(Run(unguided), Run(unguided with { LinearCfgSchedule = false })));
    }

    [Fact]
    public void More_steps_than_tokens_still_reveal_each_token_once()
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model(TorchFixture.Tiny with { Head = HeadKind.Diffusion });
        var text = model.TextEncoder.Tokenize(["x"], 256);
        var result = Sampler.Generate(model, text, 2, 3, new GenerationOptions { Steps = 16, Token = new TokenSampling(Steps: 2), Seed = 1 });
        Assert.True(result.RevealCounts.eq(1).all().item<bool>());
    }
}
