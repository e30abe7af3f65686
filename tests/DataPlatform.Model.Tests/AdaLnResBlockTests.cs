using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class AdaLnResBlockTests
{
    private const long Rows = 37;

    /// <summary>A block with every parameter drawn (non-zero gates and modulation, γ ≠ 1, β ≠ 0).</summary>
    private static AdaLnResBlock Block(long width)
    {
        TorchFixture.Init();
        var block = new AdaLnResBlock(width);
        using (no_grad())
            foreach (var p in block.parameters()) p.normal_(0.1, 0.3);
        return block;
    }

    /// <summary>The block's output and the gradients of (output · probe).sum() for h, SiLU(c) and every parameter.</summary>
    private static (Tensor Output, Dictionary<string, Tensor> Grads) Run(AdaLnResBlock block, Func<Tensor, Tensor, Tensor> forward, long width)
    {
        var g = new Generator(7);
        var h = randn([Rows, width], generator: g).requires_grad_(true);
        var activated = randn([Rows, width], generator: g).requires_grad_(true);
        var probe = randn([Rows, width], generator: g);
        block.zero_grad();
        var output = forward(h, activated);
        output.mul(probe).sum().backward();
        var grads = block.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        grads["h"] = h.grad!;
        grads["activated"] = activated.grad!;
        return (output.detach(), grads);
    }

    /// <summary>The block's formula in libtorch operators: h + gate·MLP(LN(h)·(1 + scale) + shift), mod = Linear(SiLU(c)).</summary>
    private static Tensor Reference(AdaLnResBlock block, Tensor h, Tensor activated, long width)
    {
        var p = block.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        var mod = nn.functional.linear(activated, p["adaLN_modulation.1.weight"], p["adaLN_modulation.1.bias"]).chunk(3, 1);
        var normed = nn.functional.layer_norm(h, [width], p["in_ln.weight"], p["in_ln.bias"], 1e-6);
        var a = normed.mul(mod[1].add(1)).add(mod[0]);
        var y = nn.functional.linear(nn.functional.silu(nn.functional.linear(a, p["mlp.0.weight"], p["mlp.0.bias"])), p["mlp.2.weight"], p["mlp.2.bias"]);
        return h.add(mod[2].mul(y));
    }

    [Theory]
    [InlineData(16)]  // two vectors a row
    [InlineData(20)]  // and a scalar tail of 4
    public void The_fused_block_matches_the_formula_forward_and_backward(long width)
    {
        using var scope = NewDisposeScope();
        var block = Block(width);
        Assert.True(block.RunsFused(randn([Rows, width]), randn([Rows, width])), "one torch thread and CPU float32 tensors: the fused function must be the one tested");
        var (output, grads) = Run(block, block.forward, width);
        var (expected, expectedGrads) = Run(block, (x, c) => Reference(block, x, c, width), width);
        Assert.True(output.allclose(expected, rtol: 1e-5, atol: 1e-5), "the fused block's output differs from the formula");
        Assert.Equal(expectedGrads.Keys.Order(), grads.Keys.Order());
        foreach (var (name, grad) in expectedGrads)
            Assert.True(grads[name].allclose(grad, rtol: 1e-4, atol: 1e-5),
                $"gradient of {name}: largest difference {grads[name].sub(grad).abs().max().item<float>()}");
        using (no_grad())
        {
            var g = new Generator(7);
            var x = randn([Rows, width], generator: g);
            var c = randn([Rows, width], generator: g);
            Assert.True(block.forward(x, c).allclose(Reference(block, x, c, width), rtol: 1e-5, atol: 1e-5), "without gradients the output differs");
        }
    }

    [Fact]
    public void With_more_than_one_torch_thread_the_block_runs_libtorchs_operators_to_the_same_result()
    {
        using var scope = NewDisposeScope();
        var block = Block(24);
        var (fused, fusedGrads) = Run(block, block.forward, 24);
        int threads = get_num_threads();
        try
        {
            set_num_threads(2);
            Assert.False(block.RunsFused(randn([Rows, 24]), randn([Rows, 24])));
            var (composed, composedGrads) = Run(block, block.forward, 24);
            Assert.True(composed.allclose(fused, rtol: 1e-5, atol: 1e-5));
            foreach (var (name, grad) in composedGrads)
                Assert.True(fusedGrads[name].allclose(grad, rtol: 1e-4, atol: 1e-5), $"gradient of {name}");
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
