using TorchSharp;

namespace DataPlatform.Model.Tests;

public class ParameterCountTests
{
    private static long Count(IEnumerable<(string name, TorchSharp.Modules.Parameter p)> ps, string prefix) =>
        ps.Where(x => x.name.StartsWith(prefix + ".", StringComparison.Ordinal)).Sum(x => x.p.numel());

    [Theory]
    [InlineData("tiny")]
    [InlineData("small")]
    public void Analytic_counts_match_the_real_modules_per_component(string preset)
    {
        TorchFixture.Init();
        var config = ModelPresets.ByName(preset);
        using var model = new DJepaT2I(config);
        var named = model.named_parameters().ToList();
        Assert.Equal(Count(named, "context_encoder"), ParameterCount.ContextEncoderCount(config));
        Assert.Equal(Count(named, "predictor"), ParameterCount.PredictorCount(config));
        Assert.Equal(Count(named, "prediction_head"), ParameterCount.PredictionHeadCount(config));
        Assert.Equal(Count(named, "token_head"), ParameterCount.TokenHeadCount(config));
        Assert.Equal(Count(named, "text_encoder"), ParameterCount.BpeTextEncoderCount(config));
        Assert.Equal(named.Sum(x => x.parameter.numel()), ParameterCount.Module(config));
    }

    [Fact]
    public void Analytic_counts_match_for_t5_learned_positions_shared_stream_no_qk_norm_pooled_text_and_vae()
    {
        TorchFixture.Init();
        var config = ModelPresets.Tiny with
        {
            TextEncoder = TextEncoderKind.T5, Position = PositionKind.LearnedAbsolute, TextStream = TextStreamKind.Shared, QkNorm = false,
            PooledTextCondition = true,
        };
        using var model = new DJepaT2I(config);
        Assert.Equal(model.parameters().Sum(p => p.numel()), ParameterCount.Module(config));
        var vaeConfig = new VaeConfig { BaseChannels = 8, ChannelMultipliers = [1, 2, 2], LatentChannels = 4 };
        using var vae = new KlVae(vaeConfig);
        Assert.Equal(vae.parameters().Sum(p => p.numel()), ParameterCount.VaeCount(vaeConfig));
    }

    [Fact]
    public void Presets_land_on_the_paper_sizes()
    {
        Assert.True(ParameterCount.Module(ModelPresets.Tiny) < 2_000_000, $"Tiny has {ParameterCount.Module(ModelPresets.Tiny)}");
        double h = ParameterCount.Network(ModelPresets.H);
        Assert.InRange(h / 1.43e9, 0.98, 1.02);
        double t2i = ParameterCount.Network(ModelPresets.T2I);
        Assert.InRange(t2i / 2.6e9, 0.95, 1.05);
    }
}
