using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

/// <summary><see cref="FastDropout"/> and the dropout path of <see cref="Attention"/>.</summary>
[Collection("torch")]
public class DropoutTests
{
    [Fact]
    public void The_mask_drops_a_share_p_independently_and_scales_the_rest_to_keep_the_mean()
    {
        torch.random.manual_seed(3);
        var mask = FastDropout.Mask([1000, 1000], 0.1);  // (1000, 1000)

        var dropped = mask.eq(0);
        Assert.Equal(0.1, dropped.to(float32).mean().item<float>(), 0.002);  // binomial sd 0.0003
        Assert.True(mask.masked_select(dropped.logical_not()).eq(1 / 0.9f).all().item<bool>(), "kept elements are scaled by 1 / (1 - p)");
        Assert.Equal(1.0, mask.mean().item<float>(), 0.003);
        // both dropped must be as rare as p² for neighbours and for elements j and j + 8, which share a 32-bit hash word
        Assert.Equal(0.01, dropped.view(-1, 2).all(1).to(float32).mean().item<float>(), 0.002);
        Assert.Equal(0.01, dropped.view(-1, 2, 8).all(1).to(float32).mean().item<float>(), 0.002);
    }

    [Fact]
    public void The_vector_and_scalar_fills_give_the_same_mask()
    {
        var vector = new float[1000];
        var scalar = new float[1000];
        FastDropout.Fill(vector, 12345u, 6554, 1.25f, vectorized: true);
        FastDropout.Fill(scalar, 12345u, 6554, 1.25f, vectorized: false);

        Assert.Equal(scalar, vector);
        Assert.InRange(scalar.Count(v => v == 0), 60, 140);  // about a tenth of 1000 dropped
    }

    [Fact]
    public void Masks_follow_torchs_global_seed_and_any_length()
    {
        torch.random.manual_seed(5);
        var a = FastDropout.Mask([3, 7], 0.5);
        torch.random.manual_seed(5);
        var b = FastDropout.Mask([3, 7], 0.5);
        torch.random.manual_seed(6);
        var c = FastDropout.Mask([3, 7], 0.5);

        Assert.True(TorchFixture.Same(a, b));
        Assert.False(TorchFixture.Same(a, c));
        Assert.True(a.eq(0).logical_or(a.eq(2)).all().item<bool>(), "21 elements (not a multiple of 4) are all 0 or 1 / (1 - p)");
        Assert.Throws<ArgumentOutOfRangeException>(() => FastDropout.Mask([4], 1.0));
    }

    [Fact]
    public void A_slice_starting_on_a_block_takes_the_whole_masks_values()
    {
        torch.random.manual_seed(2);
        var draw = FastDropout.Draw.Of(0.3);
        var whole = draw.Mask([100], float32).data<float>().ToArray();
        foreach (var (offset, length) in new[] { (0, 100), (16, 37), (48, 52), (96, 4) })
        {
            var slice = new float[length];
            draw.Multiply(Enumerable.Repeat(2f, length).ToArray(), slice, offset);
            Assert.Equal(whole.Skip(offset).Take(length).Select(m => 2 * m), slice);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => draw.Multiply(new float[8], new float[8], 8));
    }

    [Fact]
    public void Apply_multiplies_by_the_mask_in_training_passes_gradients_through_it_and_is_the_identity_otherwise()
    {
        var x = randn(64, 32).requires_grad_(true);
        Assert.Same(x, FastDropout.Apply(x, 0.2, training: false));
        Assert.Same(x, FastDropout.Apply(x, 0.0, training: true));

        torch.random.manual_seed(9);
        var y = FastDropout.Apply(x, 0.2, training: true);
        y.sum().backward();
        torch.random.manual_seed(9);
        var mask = FastDropout.Mask([64, 32], 0.2);

        Assert.True(TorchFixture.Same(y.detach(), x.detach().mul(mask)));
        Assert.True(TorchFixture.Same(x.grad!, mask));
    }

    [Fact]
    public void Attention_without_dropout_is_sdpa_and_with_dropout_drops_attention_weights()
    {
        torch.random.manual_seed(1);
        var (q, k, v) = (randn(2, 4, 6, 8), randn(2, 4, 9, 8), randn(2, 4, 9, 8));  // (B, H, S, hd), (B, H, K, hd)
        var keyMask = zeros(2, 1, 1, 9);  // (B, 1, 1, K)
        keyMask[1, 0, 0, 0] = tensor(float.NegativeInfinity);
        var sdpa = nn.functional.scaled_dot_product_attention(q, k, v, keyMask);

        Assert.True(TorchFixture.Same(sdpa, Attention.Compute(q, k, v, keyMask, 0.3, training: false)));
        torch.random.manual_seed(4);
        var dropped = Attention.Compute(q, k, v, keyMask, 0.3, training: true);
        torch.random.manual_seed(4);
        var weights = q.matmul(k.transpose(-2, -1)).div(Math.Sqrt(8)).add(keyMask).softmax(-1).mul(FastDropout.Mask([2, 4, 6, 9], 0.3));
        Assert.True(dropped.allclose(weights.matmul(v), rtol: 1e-5, atol: 1e-6));
        Assert.False(dropped.allclose(sdpa, rtol: 1e-3, atol: 1e-3));
    }
}
