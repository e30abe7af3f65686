using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class VaeTests
{
    [Fact]
    public void Vae_reconstruction_error_falls_when_trained_on_a_handful_of_images()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var vae = new KlVae(new VaeConfig { BaseChannels = 16, ChannelMultipliers = [1, 2], LatentChannels = 4, KlWeight = 1e-4 });
        var trainer = new VaeTrainer(vae, 2e-3, new Generator(3));
        var images = TorchFixture.Images(6, 16, 16);
        double before = trainer.ReconstructionError(images);
        VaeStepResult last = trainer.Step(images);
        for (int i = 0; i < 60; i++) last = trainer.Step(images);
        double after = trainer.ReconstructionError(images);
        Assert.True(after < 0.5 * before, $"reconstruction MSE {before} -> {after}");
        Assert.True(double.IsFinite(last.Kl) && last.Kl >= 0, $"KL must be a finite non-negative value, was {last.Kl}");
    }

    /// <summary>
    /// Every gradient of the VAE's deterministic path (encode the mean, decode) at a batch of 8 and 32x32, against the
    /// same weights in float64. With libtorch's oneDNN kernels the input gradients of its convolutions with 3 or 8 output
    /// channels were wrong on an AMD EPYC, and training diverged at its second step (<see cref="TorchRuntime.DisableOneDnn"/>).
    /// </summary>
    [Fact]
    public void Vae_gradients_match_float64()
    {
        using var scope = NewDisposeScope();
        TorchFixture.Init();
        var config = new VaeConfig { BaseChannels = 8, ChannelMultipliers = [1, 2], LatentChannels = 4 };
        var vae = new KlVae(config);
        var vae64 = new KlVae(config);
        vae64.load_state_dict(vae.state_dict());
        vae64.to(float64);
        var g = new Generator(5);
        var images = rand([8, 3, 32, 32], generator: g).mul(2).sub(1);
        var probe = randn([8, 3, 32, 32], generator: g);
        var (x, x64) = (images.clone().requires_grad_(true), images.to(float64).requires_grad_(true));
        vae.DecodeLatent(vae.Moments(x).mean).mul(probe).sum().backward();
        vae64.DecodeLatent(vae64.Moments(x64).mean).mul(probe.to(float64)).sum().backward();

        Assert.True(x.grad!.to(float64).allclose(x64.grad!, rtol: 1e-3, atol: 1e-4),
            $"input gradient: largest difference {x.grad!.to(float64).sub(x64.grad!).abs().max().item<double>()}");
        var grads64 = vae64.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, parameter) in vae.named_parameters())
            Assert.True(parameter.grad!.to(float64).allclose(grads64[name], rtol: 1e-3, atol: 1e-3),
                $"{name}: largest difference {parameter.grad!.to(float64).sub(grads64[name]).abs().max().item<double>()}");
        Assert.True(TorchRuntime.DisableOneDnn(), "libtorch_cpu exports the switch and it holds");
    }
}
