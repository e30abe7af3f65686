using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static DataPlatform.Model.ManagedTensors;

namespace DataPlatform.Model;

/// <summary>
/// Row kernels of <see cref="AdaLnResBlockFunction"/>: the element-wise work of an AdaLN residual block, each in one pass
/// over its rows, on float32 spans of row-major (M, W) matrices (the modulation rows are (M, 3W): shift, scale, gate).
/// Row statistics and the γ/β/bias gradient sums are float32 like libtorch's; each vector loop has a scalar tail for a
/// width that is not a multiple of 8.
/// </summary>
internal static class AdaLnKernels
{
    private static readonly int Lanes = Vector256<float>.Count;

    /// <summary>
    /// a = (LN(h)·γ + β)·(1 + scale) + shift per row, with LN over the row (biased variance, eps inside the root);
    /// writes each row's mean and 1/σ for the backward.
    /// </summary>
    public static void ModulatedNorm(ReadOnlySpan<float> h, ReadOnlySpan<float> mod, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        float eps, Span<float> a, Span<float> mean, Span<float> rstd)
    {
        int w = gamma.Length, rows = mean.Length;
        for (int i = 0; i < rows; i++)
        {
            var x = h.Slice(i * w, w);
            var shift = mod.Slice(i * 3 * w, w);
            var scale = mod.Slice(i * 3 * w + w, w);
            var output = a.Slice(i * w, w);
            float mu = Sum(x) / w;
            float variance = SumOfSquaredDeviations(x, mu) / w;
            float r = 1f / MathF.Sqrt(variance + eps);
            mean[i] = mu;
            rstd[i] = r;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var vMu = Vector256.Create(mu);
                var vR = Vector256.Create(r);
                for (; j <= w - Lanes; j += Lanes)
                {
                    var n = (Load(x, j) - vMu) * vR * Load(gamma, j) + Load(beta, j);
                    Store(n * (Vector256<float>.One + Load(scale, j)) + Load(shift, j), output, j);
                }
            }
            for (; j < w; j++) output[j] = ((x[j] - mu) * r * gamma[j] + beta[j]) * (1f + scale[j]) + shift[j];
        }
    }

    /// <summary>out = h + gate·y per element (gate: the third part of each modulation row).</summary>
    public static void GatedResidual(ReadOnlySpan<float> h, ReadOnlySpan<float> mod, ReadOnlySpan<float> y, Span<float> output, int w)
    {
        int rows = h.Length / w;
        for (int i = 0; i < rows; i++)
        {
            var x = h.Slice(i * w, w);
            var gate = mod.Slice(i * 3 * w + 2 * w, w);
            var yi = y.Slice(i * w, w);
            var o = output.Slice(i * w, w);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j <= w - Lanes; j += Lanes) Store(Load(x, j) + Load(gate, j) * Load(yi, j), o, j);
            for (; j < w; j++) o[j] = x[j] + gate[j] * yi[j];
        }
    }

    /// <summary>
    /// Backward of the gated residual's product: the gate's gradient g·y into the third part of each gradMod row, and
    /// gradY = g·gate.
    /// </summary>
    public static void GatedResidualBackward(ReadOnlySpan<float> grad, ReadOnlySpan<float> mod, ReadOnlySpan<float> y, Span<float> gradMod,
        Span<float> gradY, int w)
    {
        int rows = grad.Length / w;
        for (int i = 0; i < rows; i++)
        {
            var g = grad.Slice(i * w, w);
            var gate = mod.Slice(i * 3 * w + 2 * w, w);
            var yi = y.Slice(i * w, w);
            var gGate = gradMod.Slice(i * 3 * w + 2 * w, w);
            var gY = gradY.Slice(i * w, w);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j <= w - Lanes; j += Lanes)
                {
                    var vg = Load(g, j);
                    Store(vg * Load(yi, j), gGate, j);
                    Store(vg * Load(gate, j), gY, j);
                }
            for (; j < w; j++)
            {
                gGate[j] = g[j] * yi[j];
                gY[j] = g[j] * gate[j];
            }
        }
    }

    /// <summary>SiLU's backward in place: g ← g·σ(u)·(1 + u·(1 − σ(u))), with u the pre-activation.</summary>
    public static void SiluBackward(Span<float> grad, ReadOnlySpan<float> u)
    {
        int j = 0, n = grad.Length;
        if (Vector256.IsHardwareAccelerated)
            for (; j <= n - Lanes; j += Lanes)
            {
                var vu = Load(u, j);
                var sigma = Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-vu));
                Store(Load(grad, j) * sigma * (Vector256<float>.One + vu * (Vector256<float>.One - sigma)), grad, j);
            }
        for (; j < n; j++)
        {
            float sigma = 1f / (1f + MathF.Exp(-u[j]));
            grad[j] *= sigma * (1f + u[j] * (1f - sigma));
        }
    }

    /// <summary>
    /// Backward of <see cref="ModulatedNorm"/>, given gradA = ∂L/∂a: the shift's and scale's gradients into the first two
    /// parts of each gradMod row, ∂L/∂γ and ∂L/∂β added to gradGamma and gradBeta, and gradH = residual + LN's backward
    /// (the residual gradient passes h's skip connection through).
    /// </summary>
    public static void ModulatedNormBackward(ReadOnlySpan<float> gradA, ReadOnlySpan<float> h, ReadOnlySpan<float> mod, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, ReadOnlySpan<float> residual,
        Span<float> gradMod, Span<float> gradH, Span<float> gradGamma, Span<float> gradBeta)
    {
        int w = gamma.Length, rows = mean.Length;
        for (int i = 0; i < rows; i++)
        {
            var gA = gradA.Slice(i * w, w);
            var x = h.Slice(i * w, w);
            var scale = mod.Slice(i * 3 * w + w, w);
            var gShift = gradMod.Slice(i * 3 * w, w);
            var gScale = gradMod.Slice(i * 3 * w + w, w);
            var gH = gradH.Slice(i * w, w);  // holds ∂L/∂x̂ until the row's sums are known
            float mu = mean[i], r = rstd[i];
            float sumGx = 0, sumGxX = 0;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var vMu = Vector256.Create(mu);
                var vR = Vector256.Create(r);
                var accGx = Vector256<float>.Zero;
                var accGxX = Vector256<float>.Zero;
                for (; j <= w - Lanes; j += Lanes)
                {
                    var xhat = (Load(x, j) - vMu) * vR;
                    var g = Load(gA, j);
                    var vGamma = Load(gamma, j);
                    Store(g, gShift, j);
                    Store(g * (xhat * vGamma + Load(beta, j)), gScale, j);
                    var gn = g * (Vector256<float>.One + Load(scale, j));
                    Store(Load(gradGamma, j) + gn * xhat, gradGamma, j);
                    Store(Load(gradBeta, j) + gn, gradBeta, j);
                    var gx = gn * vGamma;
                    Store(gx, gH, j);
                    accGx += gx;
                    accGxX += gx * xhat;
                }
                sumGx = Vector256.Sum(accGx);
                sumGxX = Vector256.Sum(accGxX);
            }
            for (; j < w; j++)
            {
                float xhat = (x[j] - mu) * r, g = gA[j];
                gShift[j] = g;
                gScale[j] = g * (xhat * gamma[j] + beta[j]);
                float gn = g * (1f + scale[j]);
                gradGamma[j] += gn * xhat;
                gradBeta[j] += gn;
                float gx = gn * gamma[j];
                gH[j] = gx;
                sumGx += gx;
                sumGxX += gx * xhat;
            }
            float meanGx = sumGx / w, meanGxX = sumGxX / w;
            var res = residual.Slice(i * w, w);
            j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var vMu = Vector256.Create(mu);
                var vR = Vector256.Create(r);
                var vMeanGx = Vector256.Create(meanGx);
                var vMeanGxX = Vector256.Create(meanGxX);
                for (; j <= w - Lanes; j += Lanes)
                {
                    var xhat = (Load(x, j) - vMu) * vR;
                    Store(Load(res, j) + vR * (Load(gH, j) - vMeanGx - xhat * vMeanGxX), gH, j);
                }
            }
            for (; j < w; j++) gH[j] = res[j] + r * (gH[j] - meanGx - (x[j] - mu) * r * meanGxX);
        }
    }

    /// <summary>Adds each row of an (M, W) matrix into sums (W): the gradient of a bias.</summary>
    public static void AddRows(ReadOnlySpan<float> matrix, Span<float> sums)
    {
        int w = sums.Length, rows = matrix.Length / w;
        for (int i = 0; i < rows; i++)
        {
            var row = matrix.Slice(i * w, w);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j <= w - Lanes; j += Lanes) Store(Load(sums, j) + Load(row, j), sums, j);
            for (; j < w; j++) sums[j] += row[j];
        }
    }

    private static float Sum(ReadOnlySpan<float> x)
    {
        int j = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            for (; j <= x.Length - Lanes; j += Lanes) acc += Load(x, j);
            sum = Vector256.Sum(acc);
        }
        for (; j < x.Length; j++) sum += x[j];
        return sum;
    }

    private static float SumOfSquaredDeviations(ReadOnlySpan<float> x, float mu)
    {
        int j = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            var vMu = Vector256.Create(mu);
            for (; j <= x.Length - Lanes; j += Lanes)
            {
                var d = Load(x, j) - vMu;
                acc += d * d;
            }
            sum = Vector256.Sum(acc);
        }
        for (; j < x.Length; j++) sum += (x[j] - mu) * (x[j] - mu);
        return sum;
    }
}
