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
}
