using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static DataPlatform.Model.ManagedTensors;

namespace DataPlatform.Model;

/// <summary>
/// The per-step work of TorchSharp's AdamW (gradient clipping, the update, zeroing the gradients) done in managed code
/// on the optimizer's own state: one pass over each parameter's (θ, g, m, v) for the update, one over the gradients for
/// their norm, one to clear them. TorchSharp's <c>step</c> runs eight libtorch operators per parameter (316 parameters in
/// the Small preset) and allocates two temporaries each; with OMP_WAIT_POLICY=PASSIVE every operator also wakes a
/// sleeping OpenMP worker. Measured on the Small preset here (PASSIVE): clip 11-13 ms, step 96-114 ms, zero_grad 10-14 ms
/// a step, about a tenth of it; now clip and step 7-10 ms, zero_grad 2 ms. The optimizer object, its parameter groups, schedule and saved state are TorchSharp's,
/// so checkpoints and resume are unchanged. The math is AdamW's as TorchSharp writes it, in float32: per parameter,
/// with g the clipped gradient and t its own step count,
/// θ ← θ·(1 − lr·wd); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; θ ← θ − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
/// A parameter without a gradient is skipped, as by TorchSharp. Parameters off the CPU, not float32, not contiguous,
/// or over 2 GB take libtorch's operators for the same formula.
/// </summary>
public static class FusedAdamW
{
    /// <summary>Gradients are summed in chunks of this many float lanes' elements before going into a double.</summary>
    private const int NormChunk = 4096;

    /// <summary>
    /// Clips the gradients of the optimizer's parameters to a global L2 norm of maxNorm (as <c>clip_grad_norm_</c>:
    /// scaled by maxNorm / (norm + 1e-6) when that is below 1) and takes one AdamW step with them. The gradients are
    /// left as they were; the scale goes into the update. Returns the norm before clipping.
    /// </summary>
    public static double ClipAndStep(AdamW optimizer, double maxNorm)
    {
        if (maxNorm <= 0) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "the gradient clip norm must be positive");
        if (optimizer.ParamGroups.Cast<AdamW.ParamGroup>().Any(g => g.Options.amsgrad == true || g.Options.maximize == true))
            throw new NotSupportedException("the fused AdamW step has no amsgrad or maximize; OptimizerFactory never sets them");
        using var scope = NewDisposeScope();
        var entries = Entries(optimizer);
        double squares = 0;
        Tensor? deviceSquares = null;  // of gradients the managed kernels cannot reach (a GPU's), summed there and read back once
        foreach (var entry in entries)
        {
            if (entry.Grad is null) continue;
            if (entry.Fused) squares += SumOfSquares(Floats(entry.Grad));
            else
            {
                var sum = entry.Grad.square().sum(ScalarType.Float64);
                deviceSquares = deviceSquares is null ? sum : deviceSquares.add_(sum.to(deviceSquares.device));
            }
        }
        if (deviceSquares is not null) squares += deviceSquares.item<double>();
        double norm = Math.Sqrt(squares);
        double coefficient = maxNorm / (norm + 1e-6);
        float gradScale = coefficient < 1 ? (float)coefficient : 1f;
        foreach (var entry in entries)
        {
            if (entry.Grad is null) continue;
            var options = entry.Group.Options;
            entry.State.step += 1;
            var c = Coefficients.Of(options, entry.State.step, gradScale);
            if (entry.Fused)
            {
                var state = entry.State;
                Update(Floats(entry.Parameter), Floats(entry.Grad), Floats(state.exp_avg), Floats(state.exp_avg_sq), c, Vector256.IsHardwareAccelerated);
            }
            else
                UpdateWithTorch(entry.Parameter, entry.Grad, entry.State, options, gradScale);
        }
        return norm;
    }

    /// <summary>Sets every gradient of the optimizer's parameters to zero in place (as TorchSharp's <c>zero_grad</c>).</summary>
    public static void ZeroGrad(AdamW optimizer)
    {
        using var scope = NewDisposeScope();
        foreach (var group in optimizer.ParamGroups.Cast<AdamW.ParamGroup>())
            foreach (var parameter in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null) continue;
                if (Reachable(grad)) Floats(grad).Clear();
                else grad.zero_();
            }
    }

    /// <summary>One parameter with its group, its gradient (null when it has none) and its AdamW state.</summary>
    private sealed record Entry(Parameter Parameter, AdamW.ParamGroup Group, Tensor? Grad, AdamW.State State)
    {
        /// <summary>True when parameter, gradient and moments can be updated in managed memory.</summary>
        public bool Fused { get; } =
            Grad is not null && Reachable(Parameter) && Reachable(Grad) && Reachable(State.exp_avg) && Reachable(State.exp_avg_sq);
    }

    /// <summary>The parameters in the optimizer's order with their live states (state_dict lists them in that order).</summary>
    private static List<Entry> Entries(AdamW optimizer)
    {
        var states = optimizer.state_dict().State;
        var entries = new List<Entry>(states.Count);
        foreach (var group in optimizer.ParamGroups.Cast<AdamW.ParamGroup>())
            foreach (var parameter in group.Parameters)
                entries.Add(new Entry(parameter, group, parameter.grad, (AdamW.State)states[entries.Count]));
        return entries;
    }

    /// <summary>This step's float32 scalars of the update for one parameter (its own step count t).</summary>
    internal readonly record struct Coefficients(float Decay, float GradScale, float Beta1, float OneMinusBeta1, float Beta2,
        float OneMinusBeta2, float BiasCorrection2Root, float Eps, float NegativeStepSize)
    {
        public static Coefficients Of(AdamW.Options options, long step, float gradScale)
        {
            double lr = options.LearningRate!.Value, beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
            double biasCorrection1 = 1 - Math.Pow(beta1, step), biasCorrection2 = 1 - Math.Pow(beta2, step);
            return new Coefficients((float)(1 - lr * options.weight_decay!.Value), gradScale, (float)beta1, (float)(1 - beta1), (float)beta2,
                (float)(1 - beta2), (float)Math.Sqrt(biasCorrection2), (float)options.eps!.Value, (float)(-lr / biasCorrection1));
        }
    }

    /// <summary>
    /// The AdamW update of one parameter in place, with libtorch's operator order (so the same float rounding as its
    /// per-element kernels up to fused multiply-adds). The vector and scalar paths give the same values.
    /// </summary>
    internal static void Update(Span<float> theta, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, Coefficients c, bool vectorized)
    {
        int n = theta.Length;
        if (grad.Length != n || m.Length != n || v.Length != n) throw new ArgumentException("parameter, gradient and moments differ in length");
        ref float p0 = ref MemoryMarshal.GetReference(theta);
        ref float g0 = ref MemoryMarshal.GetReference(grad);
        ref float m0 = ref MemoryMarshal.GetReference(m);
        ref float v0 = ref MemoryMarshal.GetReference(v);
        int e = 0;
        if (vectorized)
        {
            var decay = Vector256.Create(c.Decay);
            var scale = Vector256.Create(c.GradScale);
            var beta1 = Vector256.Create(c.Beta1);
            var oneMinusBeta1 = Vector256.Create(c.OneMinusBeta1);
            var beta2 = Vector256.Create(c.Beta2);
            var oneMinusBeta2 = Vector256.Create(c.OneMinusBeta2);
            var root = Vector256.Create(c.BiasCorrection2Root);
            var eps = Vector256.Create(c.Eps);
            var stepSize = Vector256.Create(c.NegativeStepSize);
            for (; e <= n - Vector256<float>.Count; e += Vector256<float>.Count)
            {
                var g = Vector256.LoadUnsafe(ref g0, (nuint)e) * scale;
                var p = Vector256.LoadUnsafe(ref p0, (nuint)e) * decay;
                var mt = Vector256.LoadUnsafe(ref m0, (nuint)e) * beta1 + oneMinusBeta1 * g;
                var vt = Vector256.LoadUnsafe(ref v0, (nuint)e) * beta2 + oneMinusBeta2 * g * g;
                var denominator = Vector256.Sqrt(vt) / root + eps;
                (p + stepSize * mt / denominator).StoreUnsafe(ref p0, (nuint)e);
                mt.StoreUnsafe(ref m0, (nuint)e);
                vt.StoreUnsafe(ref v0, (nuint)e);
            }
        }
        for (; e < n; e++)
        {
            float g = grad[e] * c.GradScale;
            float p = theta[e] * c.Decay;
            float mt = m[e] * c.Beta1 + c.OneMinusBeta1 * g;
            float vt = v[e] * c.Beta2 + c.OneMinusBeta2 * g * g;
            float denominator = MathF.Sqrt(vt) / c.BiasCorrection2Root + c.Eps;
            theta[e] = p + c.NegativeStepSize * mt / denominator;
            m[e] = mt;
            v[e] = vt;
        }
    }

    /// <summary>Σ g², in float lanes over chunks of <see cref="NormChunk"/> elements, the chunks summed in double.</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double total = 0;
        for (int start = 0; start < values.Length; start += NormChunk)
        {
            var chunk = values.Slice(start, Math.Min(NormChunk, values.Length - start));
            ref float x0 = ref MemoryMarshal.GetReference(chunk);
            var lanes = Vector256<float>.Zero;
            int e = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; e <= chunk.Length - Vector256<float>.Count; e += Vector256<float>.Count)
                {
                    var x = Vector256.LoadUnsafe(ref x0, (nuint)e);
                    lanes += x * x;
                }
            double sum = Vector256.Sum(lanes);
            for (; e < chunk.Length; e++) sum += chunk[e] * chunk[e];
            total += sum;
        }
        return total;
    }

    /// <summary>The same update with libtorch's operators, as TorchSharp's AdamW.step writes it (tensors the kernel cannot reach).</summary>
    private static void UpdateWithTorch(Parameter parameter, Tensor grad, AdamW.State state, AdamW.Options options, float gradScale)
    {
        using var noGrad = no_grad();
        double lr = options.LearningRate!.Value, beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
        var g = gradScale == 1f ? grad : grad.mul(gradScale);
        parameter.mul_(1 - lr * options.weight_decay!.Value);
        double biasCorrection1 = 1 - Math.Pow(beta1, state.step), biasCorrection2 = 1 - Math.Pow(beta2, state.step);
        state.exp_avg.mul_(beta1).add_(g, alpha: 1 - beta1);
        state.exp_avg_sq.mul_(beta2).addcmul_(g, g, value: 1 - beta2);
        var denominator = (state.exp_avg_sq.sqrt() / Math.Sqrt(biasCorrection2)).add_(options.eps!.Value);
        parameter.addcdiv_(state.exp_avg, denominator, value: -lr / biasCorrection1);
    }
}
