using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class MaskingTests
{
    [Fact]
    public void Mask_ratio_stays_in_0_7_to_1_and_follows_the_truncated_normal()
    {
        var gen = new Generator(11);
        var ratios = Enumerable.Range(0, 2000).Select(_ => Masking.SampleRatio(ModelPresets.Tiny, gen)).ToArray();
        Assert.All(ratios, r => Assert.InRange(r, 0.7, 1.0));
        // N(1, 0.25) truncated to [0.7, 1]: density rises towards 1, mean ≈ 0.87
        Assert.InRange(ratios.Average(), 0.85, 0.89);
        Assert.True(ratios.Count(r => r > 0.9) > ratios.Count(r => r < 0.8), "more mass near 1 than near 0.7");
    }

    [Fact]
    public void Each_sample_masks_its_own_random_tokens_and_the_plan_is_reproducible()
    {
        using var scope = NewDisposeScope();
        var plan = Masking.Plan(3, 64, 0.75, new Generator(4));
        Assert.Equal(48, plan.MaskedCount);
        for (int b = 0; b < 3; b++)
        {
            var all = cat([plan.MaskedIdx[b], plan.VisibleIdx[b]]).sort().Values;
            Assert.True(all.eq(arange(64)).all().item<bool>(), "masked and visible positions partition the grid");
        }
        Assert.False(TorchFixture.Same(plan.MaskedIdx[0].sort().Values, plan.MaskedIdx[1].sort().Values), "two samples draw different masks");
        var again = Masking.Plan(3, 64, 0.75, new Generator(4));
        Assert.True(TorchFixture.Same(again.Order, plan.Order), "same generator seed, same orders");
    }
}
