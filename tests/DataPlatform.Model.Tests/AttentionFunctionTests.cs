using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

/// <summary><see cref="AttentionFunction"/> against attention with dropout spelled out in libtorch's operators.</summary>
public class AttentionFunctionTests
{
    /// <summary>The output and the gradients of (out·probe).sum() for q, k and v; dropout 0.25 with the mask of seed 7.</summary>
    private static (Tensor Output, Tensor[] Grads) Run(Tensor q, Tensor k, Tensor v, Tensor? mask, bool fused)
    {
        var inputs = new[] { q, k, v }.Select(t => t.detach().clone().requires_grad_(true)).ToArray();
        double scale = 1 / Math.Sqrt(q.shape[3]);
        torch.random.manual_seed(7);
        Tensor output;
        if (fused)
        {
            Assert.True(AttentionFunction.Applies(inputs[0], inputs[1], inputs[2], mask), "the fused function must be the one tested");
            output = AttentionFunction.Apply(inputs[0], inputs[1], inputs[2], mask, scale, FastDropout.Draw.Of(0.25));
        }
        else
        {
            var scores = inputs[0].matmul(inputs[1].transpose(-2, -1)).mul(scale);
            if (mask is not null) scores = scores.add(mask);
            var weights = scores.softmax(-1);
            output = weights.mul(FastDropout.Mask(weights.shape, 0.25)).matmul(inputs[2]);
        }
        output.mul(randn(output.shape, generator: new Generator(5))).sum().backward();
        return (output.detach(), [.. inputs.Select(t => t.grad!)]);
    }

    [Theory]
    [InlineData(2, 2, 7, 84, 32, "sample")]   // 84 keys: chunks of 4 rows; a mask per sample
    [InlineData(2, 2, 7, 13, 8, "shared")]    // 13 keys: chunks of 16 rows, the last one short; one mask for the batch
    [InlineData(1, 3, 5, 32, 12, "none")]     // 32 keys: one row per chunk; no mask
    public void The_fused_attention_matches_scale_mask_softmax_dropout_and_matmuls(long b, long h, long s, long keys, long hd, string maskKind)
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var g = new Generator(3);
        var q = randn([b, h, s, hd], generator: g).mul(2);
        var k = randn([b, h, keys, hd], generator: g);
        var v = randn([b, h, keys, hd], generator: g);
        Tensor? mask = null;
        if (maskKind != "none")
        {
            mask = zeros(maskKind == "sample" ? b : 1, 1, 1, keys);
            mask[0, 0, 0, 1] = tensor(float.NegativeInfinity);  // a padded key: weight 0, no gradient through it
            mask[^1, 0, 0, 2] = tensor(-1.5f);
        }
        var (expected, expectedGrads) = Run(q, k, v, mask, fused: false);
        var (actual, grads) = Run(q, k, v, mask, fused: true);

        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5), $"output: largest difference {actual.sub(expected).abs().max().item<float>()}");
        foreach (var (name, e, a) in new[] { "q", "k", "v" }.Zip(expectedGrads, grads))
            Assert.True(a.allclose(e, rtol: 1e-4, atol: 1e-5), $"gradient of {name}: largest difference {a.sub(e).abs().max().item<float>()}");
        if (mask is not null)
            Assert.True(grads[1][0, .., 1].eq(0).all().item<bool>(), "a key masked to −inf gets no gradient");
    }

    [Fact]
    public void Without_gradients_the_fused_attention_gives_the_same_output()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var g = new Generator(4);
        var (q, k, v) = (randn([2, 2, 6, 16], generator: g), randn([2, 2, 9, 16], generator: g), randn([2, 2, 9, 16], generator: g));
        var (expected, _) = Run(q, k, v, null, fused: false);
        torch.random.manual_seed(7);
        using (no_grad())
        {
            var output = AttentionFunction.Apply(q, k, v, null, 0.25, FastDropout.Draw.Of(0.25));
            Assert.True(output.allclose(expected, rtol: 1e-5, atol: 1e-5));
        }
    }

    [Fact]
    public void Inputs_the_kernels_do_not_cover_take_the_composed_operators()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var (q, k, v) = (randn(2, 2, 6, 16), randn(2, 2, 9, 16), randn(2, 2, 9, 16));
        Assert.True(AttentionFunction.Applies(q, k, v, zeros(2, 1, 1, 9)));
        Assert.True(AttentionFunction.Applies(q, k, v, zeros(1, 1, 1, 9)));
        Assert.False(AttentionFunction.Applies(q, k, v, zeros(2, 1, 1, 8)), "a mask for 8 keys, not 9");
        Assert.False(AttentionFunction.Applies(q, k, v, zeros(3, 1, 1, 9)), "a mask for 3 samples, not 2");
        Assert.False(AttentionFunction.Applies(q, k, v, zeros(2, 1, 6, 9)), "a mask per query");
        Assert.False(AttentionFunction.Applies(q, k, v, zeros(2, 1, 1, 9).requires_grad_(true)), "a mask that wants a gradient");
        Assert.False(AttentionFunction.Applies(q.transpose(2, 3), k, v, null), "a strided input");
        Assert.False(AttentionFunction.Applies(q, k, randn(2, 2, 8, 16), null), "values for 8 keys, keys 9");
        int threads = get_num_threads();
        try
        {
            set_num_threads(2);
            Assert.False(AttentionFunction.Applies(q, k, v, null), "two torch threads");
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
