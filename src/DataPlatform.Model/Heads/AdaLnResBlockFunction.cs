using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static DataPlatform.Model.ManagedTensors;

namespace DataPlatform.Model;

/// <summary>
/// One <see cref="AdaLnResBlock"/> as a single autograd function: its matmuls are libtorch's, its element-wise work is
/// <see cref="AdaLnKernels"/>' passes (LayerNorm with the modulation, the gated residual, SiLU's backward, the bias
/// gradients), and the modulation's gradient is written in one (M, 3W) tensor instead of being assembled from its parts.
/// Measured at the Small preset's head on one thread (7,040 rows of 192): a block's forward and backward 111.5 ms composed
/// of libtorch's operators, 108.5 ms fused; its three matmuls take about 100 ms of either.
/// Forward, with shift, scale, gate the three parts of mod:
/// a = LN(h)·(1 + scale) + shift; u = a·W1ᵀ + b1; y = SiLU(u)·W2ᵀ + b2; out = h + gate·y.
/// Inputs: h (M, W), mod (M, 3W), W1, b1, W2, b2, γ, β, eps; all float32, contiguous, on the CPU (<see cref="Applies"/>).
/// </summary>
internal sealed class AdaLnResBlockFunction : autograd.SingleTensorFunction<AdaLnResBlockFunction>
{
    public override string Name => nameof(AdaLnResBlockFunction);

    /// <summary>
    /// Whether the fused function may run: every tensor reachable by managed kernels, and one torch thread (a replica's
    /// thread, or <c>--threads 1</c>): the passes run on the calling thread, where libtorch's operators would use all.
    /// </summary>
    public static bool Applies(Tensor h, Tensor mod, Linear fc1, Linear fc2, LayerNorm norm) =>
        FusedFunctions && get_num_threads() == 1 && h.dim() == 2 && mod.dim() == 2 && mod.shape[0] == h.shape[0] && mod.shape[1] == 3 * h.shape[1]
        && new[] { h, mod, fc1.weight!, fc1.bias!, fc2.weight!, fc2.bias!, norm.weight!, norm.bias! }.All(t => t is not null && Reachable(t));

    /// <summary>
    /// The block for h (M, W) and mod (M, 3W) with its MLP's two linear layers and its LayerNorm; without a gradient
    /// wanted, nothing is recorded for a backward.
    /// </summary>
    public static Tensor Apply(Tensor h, Tensor mod, Linear fc1, Linear fc2, LayerNorm norm, double eps)
    {
        object[] vars = [h, mod, fc1.weight!, fc1.bias!, fc2.weight!, fc2.bias!, norm.weight!, norm.bias!, eps];
        return RecordsBackward(vars)
            ? apply(vars)
            : Compute(h, mod, fc1.weight!, fc1.bias!, fc2.weight!, fc2.bias!, norm.weight!, norm.bias!, (float)eps).Output;
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (h, mod, w1, b1, w2, b2, gamma, beta) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3], (Tensor)vars[4],
            (Tensor)vars[5], (Tensor)vars[6], (Tensor)vars[7]);
        var (output, mean, rstd, a, u, s, y) = Compute(h, mod, w1, b1, w2, b2, gamma, beta, (float)(double)vars[8]);
        ctx.save_for_backward([h, mod, w1, w2, gamma, beta, mean, rstd, a, u, s, y]);
        return output;
    }

    private static (Tensor Output, Tensor Mean, Tensor Rstd, Tensor A, Tensor U, Tensor S, Tensor Y) Compute(Tensor h, Tensor mod, Tensor w1,
        Tensor b1, Tensor w2, Tensor b2, Tensor gamma, Tensor beta, float eps)
    {
        long m = h.shape[0], w = h.shape[1];
        var a = empty([m, w]);
        var mean = empty([m]);
        var rstd = empty([m]);
        AdaLnKernels.ModulatedNorm(Floats(h), Floats(mod), Floats(gamma), Floats(beta), eps, Floats(a), Floats(mean), Floats(rstd));
        var u = nn.functional.linear(a, w1, b1);  // (M, W)
        var s = nn.functional.silu(u);
        var y = nn.functional.linear(s, w2, b2);  // (M, W)
        var output = empty([m, w]);
        AdaLnKernels.GatedResidual(Floats(h), Floats(mod), Floats(y), Floats(output), (int)w);
        return (output, mean, rstd, a, u, s, y);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (h, mod, w1, w2, gamma, beta, mean, rstd, a, u, s, y) =
            (saved[0], saved[1], saved[2], saved[3], saved[4], saved[5], saved[6], saved[7], saved[8], saved[9], saved[10], saved[11]);
        grad = grad.contiguous();
        long m = h.shape[0], w = h.shape[1];
        var gradMod = empty([m, 3 * w]);
        var gradY = empty([m, w]);
        AdaLnKernels.GatedResidualBackward(Floats(grad), Floats(mod), Floats(y), Floats(gradMod), Floats(gradY), (int)w);
        var gradB2 = zeros([w]);
        AdaLnKernels.AddRows(Floats(gradY), Floats(gradB2));
        var gradW2 = gradY.t().mm(s);  // (W, W)
        var gradU = gradY.mm(w2);  // ∂L/∂SiLU(u), made ∂L/∂u in place
        AdaLnKernels.SiluBackward(Floats(gradU), Floats(u));
        var gradB1 = zeros([w]);
        AdaLnKernels.AddRows(Floats(gradU), Floats(gradB1));
        var gradW1 = gradU.t().mm(a);
        var gradA = gradU.mm(w1);
        var gradH = empty([m, w]);
        var gradGamma = zeros([w]);
        var gradBeta = zeros([w]);
        AdaLnKernels.ModulatedNormBackward(Floats(gradA), Floats(h), Floats(mod), Floats(gamma), Floats(beta), Floats(mean), Floats(rstd),
            Floats(grad), Floats(gradMod), Floats(gradH), Floats(gradGamma), Floats(gradBeta));
        return [gradH, gradMod, gradW1, gradB1, gradW2, gradB2, gradGamma, gradBeta, null!];
    }
}
