using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Per-token flow-matching head. Training: t ~ U(0,1), x0 ~ N(0, I), x_t = t·x1 + (1 − t)·x0, target
/// velocity x1 − x0, loss = mean over channels of (v_θ(x_t, t, z) − (x1 − x0))². Sampling: Euler steps of
/// the ODE from noise (t = 0) to data (t = 1), optional time shift. Letters: M tokens, C channels.
/// </summary>
public sealed class FlowMatchingHead : nn.Module, ITokenHead
{
    private readonly SimpleMlpAdaLn net;
    private readonly long channels;

    public FlowMatchingHead(long channels, long condWidth, long width, int depth) : base(nameof(FlowMatchingHead))
    {
        net = new SimpleMlpAdaLn(channels, condWidth, width, depth);
        this.channels = channels;
        RegisterComponents();
    }

    internal SimpleMlpAdaLn Net => net;

    public TokenLoss Loss(Tensor target, Tensor z, Generator gen)
    {
        long m = target.shape[0];
        var x0 = randn(target.shape, generator: gen).to(target.device);  // (M, C)
        var t = rand([m], generator: gen).to(target.device);  // (M)
        var tc = t.unsqueeze(1);
        var xt = tc.mul(target).add(tc.neg().add(1).mul(x0));  // (M, C)
        var v = net.forward(xt, t.mul(1000), z);  // (M, C)
        return new TokenLoss(v.sub(target.sub(x0)).pow(2).mean([-1]), t);  // (M), (M)
    }

    public Tensor Sample(Tensor z, Tensor noise, double cfg, TokenSampling sampling)
    {
        bool guided = cfg != 1.0;
        long m = guided ? z.shape[0] / 2 : z.shape[0];
        var x = sampling.Start(noise, m, channels, z.device);  // (M, C)
        for (int i = 0; i < sampling.Steps; i++)
        {
            using var scope = NewDisposeScope();
            double t0 = Shift((double)i / sampling.Steps, sampling.TimeShift), t1 = Shift((double)(i + 1) / sampling.Steps, sampling.TimeShift);
            var xin = guided ? cat([x, x], 0) : x;
            var v = net.forward(xin, full([xin.shape[0]], t0 * 1000, device: z.device), z);
            if (guided)
            {
                var halves = v.chunk(2, 0);  // v_c, v_u
                v = halves[1].add(halves[0].sub(halves[1]).mul(cfg));
            }
            x = x.add(v.mul(t1 - t0)).MoveToOuterDisposeScope();
        }
        return x;
    }

    /// <summary>t' = t / (t + s − s·t): s &gt; 1 spends more steps near the noise end.</summary>
    public static double Shift(double t, double s) => s == 1.0 ? t : t / (t + s - s * t);
}
