using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Per-token Gaussian diffusion head (ablation; MAR's DiffLoss with ε-prediction): cosine schedule over
/// T steps, loss = mean over channels of (ε̂ − ε)², deterministic DDIM sampling on a strided schedule.
/// Letters: M tokens, C channels.
/// </summary>
public sealed class GaussianDiffusionHead : nn.Module, ITokenHead
{
    private readonly SimpleMlpAdaLn net;
    private readonly double[] alphaBar;
    private readonly long channels;

    public GaussianDiffusionHead(long channels, long condWidth, long width, int depth, int diffusionSteps) : base(nameof(GaussianDiffusionHead))
    {
        net = new SimpleMlpAdaLn(channels, condWidth, width, depth);
        this.channels = channels;
        alphaBar = new double[diffusionSteps];
        static double F(double u) => Math.Pow(Math.Cos((u + 0.008) / 1.008 * Math.PI / 2), 2);
        double running = 1.0;
        for (int i = 0; i < diffusionSteps; i++)
        {
            double beta = Math.Min(1 - F((i + 1.0) / diffusionSteps) / F((double)i / diffusionSteps), 0.999);
            running *= 1 - beta;
            alphaBar[i] = running;
        }
        RegisterComponents();
    }

    public TokenLoss Loss(Tensor target, Tensor z, Generator gen)
    {
        long m = target.shape[0];
        var steps = randint(0, alphaBar.Length, [m], generator: gen).to(target.device);  // (M)
        var ab = tensor(alphaBar.Select(a => (float)a).ToArray(), device: target.device).index_select(0, steps).unsqueeze(1);  // (M, 1)
        var eps = randn(target.shape, generator: gen).to(target.device);  // (M, C)
        var xt = ab.sqrt().mul(target).add(ab.neg().add(1).sqrt().mul(eps));
        return new TokenLoss(net.forward(xt, steps.to(float32), z).sub(eps).pow(2).mean([-1]), steps.to(float32).div(alphaBar.Length));  // (M), (M)
    }

    public Tensor Sample(Tensor z, Tensor noise, double cfg, TokenSampling sampling)
    {
        bool guided = cfg != 1.0;
        long m = guided ? z.shape[0] / 2 : z.shape[0];
        var x = sampling.Start(noise, m, channels, z.device);  // (M, C)
        int steps = Math.Min(sampling.Steps, alphaBar.Length);
        var schedule = Enumerable.Range(0, steps).Select(i => (int)Math.Round((alphaBar.Length - 1) * (1.0 - (double)i / steps))).ToArray();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            int tau = schedule[i];
            double ab = alphaBar[tau], abPrev = i + 1 < steps ? alphaBar[schedule[i + 1]] : 1.0;
            var xin = guided ? cat([x, x], 0) : x;
            var eps = net.forward(xin, full([xin.shape[0]], (float)tau, device: z.device), z);
            if (guided)
            {
                var halves = eps.chunk(2, 0);
                eps = halves[1].add(halves[0].sub(halves[1]).mul(cfg));
            }
            var x0 = x.sub(eps.mul(Math.Sqrt(1 - ab))).div(Math.Sqrt(ab));
            x = x0.mul(Math.Sqrt(abPrev)).add(eps.mul(Math.Sqrt(1 - abPrev))).MoveToOuterDisposeScope();
        }
        return x;
    }
}
