using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class FusedFunctionsTests
{
    /// <summary>The D-JEPA losses of one batch and every parameter's gradient, with the fused functions on or off.</summary>
    private static (float[] Losses, Dictionary<string, Tensor> Grads) LossAndGradients(bool fused)
    {
        bool before = ManagedTensors.FusedFunctions;
        try
        {
            ManagedTensors.FusedFunctions = fused;
            // dropout on: the fused dropout must draw the masks the composed one does
            var config = TorchFixture.Tiny with { Dropout = 0.2 };
            var model = TorchFixture.Model(config);
            // the head's gates and modulation start at zero, which would hide its blocks' gradients: move every weight
            var noise = new Generator(3);
            using (no_grad())
                foreach (var p in model.parameters()) p.add_(randn(p.shape, generator: noise).mul(0.05));
            model.train();
            var ema = Ema.CreateCopy(model);
            var grid = new PatchTokenizer(4).Encode(TorchFixture.Images(4, 32, 32));
            var text = model.TextEncoder.Tokenize(TorchFixture.Captions, config.MaxTextTokens);
            torch.random.manual_seed(5);
            var loss = DJepaLoss.Compute(model, ema, grid, text, Masking.Plan(4, 64, 0.8, new Generator(1)), new Generator(2));
            loss.Total.backward();
            return ([loss.Flow.item<float>(), loss.Pred.item<float>()],
                model.named_parameters().Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.clone()));
        }
        finally
        {
            ManagedTensors.FusedFunctions = before;
        }
    }

    [Fact]
    public void A_training_step_with_the_fused_functions_matches_libtorchs_operators()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        Assert.Equal(1, get_num_threads());  // the fused functions run at one torch thread only
        var (losses, grads) = LossAndGradients(fused: true);
        var (expectedLosses, expectedGrads) = LossAndGradients(fused: false);
        Assert.Equal(expectedLosses[0], losses[0], 1e-5);
        Assert.Equal(expectedLosses[1], losses[1], 1e-5);
        Assert.Equal(expectedGrads.Keys.Order(), grads.Keys.Order());
        foreach (var (name, grad) in expectedGrads)
            Assert.True(grads[name].allclose(grad, rtol: 1e-3, atol: 1e-6),
                $"gradient of {name}: largest difference {grads[name].sub(grad).abs().max().item<float>()} of {grad.abs().max().item<float>()}");
    }
}
