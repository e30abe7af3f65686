using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class JointQkvTests
{
    /// <summary>q, k, v and the gradients of (q·pq + k·pk + v·pv).sum() for both qkv inputs and the four norm weights.</summary>
    private static (Tensor[] Outputs, Tensor[] Grads) Run(StreamWeights text, StreamWeights image, RopeAngles? rope, long heads, bool fused)
    {
        var g = new Generator(3);
        long d = image.qkv.weight!.shape[1];
        var textQkv = randn([2, 3, 3 * d], generator: g).mul(2).requires_grad_(true);
        var imageQkv = randn([2, 5, 3 * d], generator: g).requires_grad_(true);
        RmsNorm?[] norms = [text.q_norm, text.k_norm, image.q_norm, image.k_norm];
        foreach (var norm in norms) norm?.Weight.grad?.zero_();
        Tensor q, k, v;
        if (fused)
        {
            Assert.True(JointQkvFunction.Applies(textQkv, imageQkv, norms, rope), "the fused function must be the one tested");
            (q, k, v) = JointQkvFunction.Apply(textQkv, imageQkv, text.q_norm, text.k_norm, image.q_norm, image.k_norm, rope, heads);
        }
        else
        {
            var (qi, ki, vi) = image.Heads(imageQkv, heads);
            var (qt, kt, vt) = text.Heads(textQkv, heads);
            if (rope is not null) (qi, ki) = (rope.Rotate(qi), rope.Rotate(ki));
            (q, k, v) = (cat([qt, qi], 2), cat([kt, ki], 2), cat([vt, vi], 2));
        }
        var probes = Enumerable.Range(0, 3).Select(_ => randn(q.shape, generator: g)).ToArray();
        q.mul(probes[0]).sum().add(k.mul(probes[1]).sum()).add(v.mul(probes[2]).sum()).backward();
        var grads = new List<Tensor> { textQkv.grad!, imageQkv.grad! };
        grads.AddRange(norms.Where(n => n is not null).Select(n => n!.Weight.grad!.clone()));
        return ([q.detach(), k.detach(), v.detach()], [.. grads]);
    }

    private static StreamWeights Stream(long dim, long heads, bool qkNorm)
    {
        var stream = new StreamWeights(dim, heads, 2, 0.0, qkNorm);
        using (no_grad())
            foreach (var norm in new[] { stream.q_norm, stream.k_norm })
                norm?.Weight.normal_(1, 0.3);
        return stream;
    }

    [Theory]
    [InlineData(64, 2, true, 2)]    // head dim 32: whole vectors; a rotation per sample
    [InlineData(64, 2, true, 1)]    // one rotation for the batch
    [InlineData(24, 2, true, 2)]    // head dim 12: the scalar loop
    [InlineData(64, 4, false, 1)]   // no q/k norms
    [InlineData(64, 2, true, 0)]    // no rotation
    public void The_fused_heads_match_split_norm_rotate_and_concatenate(long dim, long heads, bool qkNorm, int rotationRows)
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var text = Stream(dim, heads, qkNorm);
        var image = Stream(dim, heads, qkNorm);
        RopeAngles? rope = rotationRows == 0 ? null : RopeAngles.FromAngles(randn([rotationRows, 5, dim / heads / 2], generator: new Generator(9)).mul(3));
        var (expected, expectedGrads) = Run(text, image, rope, heads, fused: false);
        var (actual, grads) = Run(text, image, rope, heads, fused: true);
        foreach (var (name, e, a) in new[] { "q", "k", "v" }.Zip(expected, actual))
            Assert.True(a.allclose(e, rtol: 1e-5, atol: 1e-5), $"{name}: largest difference {a.sub(e).abs().max().item<float>()}");
        Assert.Equal(expectedGrads.Length, grads.Length);
        foreach (var (e, a, i) in expectedGrads.Zip(grads).Select((p, i) => (p.First, p.Second, i)))
            Assert.True(a.allclose(e, rtol: 1e-4, atol: 1e-5), $"gradient {i}: largest difference {a.sub(e).abs().max().item<float>()}");
    }

    [Fact]
    public void A_shared_text_stream_sums_both_streams_norm_gradients()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var shared = Stream(64, 2, qkNorm: true);
        var rope = RopeAngles.FromAngles(randn([1, 5, 16], generator: new Generator(4)));
        var (expected, expectedGrads) = Run(shared, shared, rope, 2, fused: false);
        var (actual, grads) = Run(shared, shared, rope, 2, fused: true);
        Assert.True(actual[0].allclose(expected[0], rtol: 1e-5, atol: 1e-5));
        // the norm weights' gradients are read after both streams added theirs
        Assert.True(grads[2].allclose(expectedGrads[2], rtol: 1e-4, atol: 1e-5));
        Assert.True(grads[3].allclose(expectedGrads[3], rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Without_gradients_the_fused_heads_give_the_same_values()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var text = Stream(64, 2, qkNorm: true);
        var image = Stream(64, 2, qkNorm: true);
        var rope = RopeAngles.FromAngles(randn([1, 5, 16], generator: new Generator(4)));
        var (expected, _) = Run(text, image, rope, 2, fused: false);
        using (no_grad())
        {
            var g = new Generator(3);
            var textQkv = randn([2, 3, 192], generator: g).mul(2);
            var imageQkv = randn([2, 5, 192], generator: g);
            var (q, k, v) = JointQkvFunction.Apply(textQkv, imageQkv, text.q_norm, text.k_norm, image.q_norm, image.k_norm, rope, 2);
            Assert.True(q.allclose(expected[0], rtol: 1e-5, atol: 1e-5));
            Assert.True(k.allclose(expected[1], rtol: 1e-5, atol: 1e-5));
            Assert.True(v.allclose(expected[2], rtol: 1e-5, atol: 1e-5));
        }
    }

    [Fact]
    public void Inputs_the_kernels_do_not_cover_take_the_composed_operators()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var (text, image) = (Stream(64, 2, qkNorm: true), Stream(64, 2, qkNorm: true));
        var (textQkv, imageQkv) = (randn([2, 3, 192]), randn([2, 5, 192]));
        RmsNorm?[] norms = [text.q_norm, text.k_norm, image.q_norm, image.k_norm];
        Assert.True(JointQkvFunction.Applies(textQkv, imageQkv, norms, RopeAngles.FromAngles(randn([2, 5, 16]))));
        Assert.False(JointQkvFunction.Applies(textQkv, imageQkv, norms, RopeAngles.FromAngles(randn([2, 4, 16]))), "a rotation for 4 tokens, not 5");
        Assert.False(JointQkvFunction.Applies(textQkv, imageQkv, norms, RopeAngles.FromAngles(randn([3, 5, 16]))), "a rotation for 3 samples, not 2");
        Assert.False(JointQkvFunction.Applies(textQkv, imageQkv, [null, null, image.q_norm, image.k_norm], null), "norms on one stream only");
        Assert.False(JointQkvFunction.Applies(textQkv.transpose(0, 1), imageQkv, norms, null), "a strided input");
    }
}
