using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Losses of one VAE training step (batch means).</summary>
public sealed record VaeStepResult(double Reconstruction, double Kl, double Total);

/// <summary>Trains a <see cref="KlVae"/>: AdamW on reconstruction + kl_weight · KL; one dispose scope per step.</summary>
public sealed class VaeTrainer
{
    private readonly KlVae vae;
    private readonly AdamW optimizer;
    private readonly Generator generator;

    public VaeTrainer(KlVae vae, double learningRate, Generator generator)
    {
        this.vae = vae;
        this.generator = generator;
        optimizer = optim.AdamW(vae.parameters(), lr: learningRate, beta1: 0.9, beta2: 0.95, eps: 1e-6, weight_decay: 0.0);
    }

    /// <summary>One optimiser step on images (B, 3, H, W) in [-1, 1].</summary>
    public VaeStepResult Step(Tensor images)
    {
        using var scope = NewDisposeScope();
        vae.train();
        optimizer.zero_grad();
        var (reconstruction, kl) = vae.Losses(images, generator);
        var total = reconstruction.mean().add(kl.mean().mul(vae.KlWeight));
        total.backward();
        optimizer.step();
        return new VaeStepResult(reconstruction.mean().item<float>(), kl.mean().item<float>(), total.item<float>());
    }

    /// <summary>Mean reconstruction MSE of the deterministic path (encode mean, decode) without training.</summary>
    public double ReconstructionError(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        vae.eval();
        return vae.DecodeLatent(vae.Moments(images).mean).sub(images).pow(2).mean().item<float>();
    }
}
