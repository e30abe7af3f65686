using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class TokenHeadTests
{
    [Fact]
    public void Zero_initialised_gates_make_every_head_block_the_identity_and_the_output_zero()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var net = new SimpleMlpAdaLn(channels: 12, condWidth: 16, width: 32, depth: 3);
        var h = randn(5, 32);
        var c = nn.functional.silu(randn(5, 32));  // blocks take SiLU(c)
        foreach (var block in net.Blocks)
            Assert.True(block.forward(h, c).allclose(h, rtol: 0, atol: 0), "a gated residual block with gate 0 must return its input");
        var output = net.forward(randn(5, 12), rand(5).mul(1000), randn(5, 16));
        Assert.Equal(0.0, output.abs().max().item<float>());

        // after one gradient step the gates move, so the identity above is a property of the initialisation
        var optimizer = optim.SGD(net.parameters(), 0.1);
        net.forward(randn(5, 12), rand(5).mul(1000), randn(5, 16)).sub(1).pow(2).mean().backward();
        optimizer.step();
        var moved = net.Blocks.Any(b => !b.forward(h, c).allclose(h, rtol: 0, atol: 1e-7));
        var outputMoved = net.forward(randn(5, 12), rand(5).mul(1000), randn(5, 16)).abs().max().item<float>() > 0;
        Assert.True(moved || outputMoved, "training must be able to leave the zero initialisation");
    }

    [Fact]
    public void Flow_time_shift_keeps_the_end_points_and_delays_the_middle()
    {
        Assert.Equal(0.0, FlowMatchingHead.Shift(0, 3));
        Assert.Equal(1.0, FlowMatchingHead.Shift(1, 3));
        Assert.True(FlowMatchingHead.Shift(0.5, 3) < 0.5);
        Assert.Equal(0.5, FlowMatchingHead.Shift(0.5, 1));
    }
}
