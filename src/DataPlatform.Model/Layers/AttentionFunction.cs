using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;
using static DataPlatform.Model.ManagedTensors;

namespace DataPlatform.Model;

/// <summary>
/// Attention with dropout on its weights as one autograd function: libtorch's batched matmuls, and one managed pass
/// between them for the scale, the key mask, softmax and dropout (one more backward for dropout's and softmax's
/// gradients). Composed, those are five operators forward and three backward, each a pass over the (B, H, S, K) scores,
/// and the backward keeps both the softmax and the dropped weights; here it keeps the softmax and draws the dropout mask
/// again. For a Small-preset block at a replica's batch of 32 on one thread (4 heads, 84 tokens, head dim 32), attention's
/// forward and backward took 9.1-9.5 ms composed (with <see cref="FastDropout"/>'s function) and 7.8-8.1 ms fused (fastest
/// of 40, three runs each); its six matmuls about 6.6 ms. Forward: P = softmax(scale·q·kᵀ + mask), P' = P ⊙ dropout mask,
/// out = P'·v.
/// Letters: B batch, H heads, S queries, K keys, hd head dim.
/// </summary>
internal sealed class AttentionFunction : autograd.SingleTensorFunction<AttentionFunction>
{
    public override string Name => nameof(AttentionFunction);

    /// <summary>
    /// Whether the fused function may run: one torch thread (the passes run on the calling thread), q (B, H, S, hd) and k,
    /// v (B, H, K, hd) reachable by managed kernels, and an additive key mask (B or 1, 1, 1, K) that wants no gradient, or none.
    /// </summary>
    public static bool Applies(Tensor q, Tensor k, Tensor v, Tensor? mask) =>
        FusedFunctions && get_num_threads() == 1 && Reachable(q) && Reachable(k) && Reachable(v) && q.dim() == 4
        && k.shape.SequenceEqual(v.shape) && k.dim() == 4 && k.shape[0] == q.shape[0] && k.shape[1] == q.shape[1] && k.shape[3] == q.shape[3]
        && (mask is null || Reachable(mask) && !mask.requires_grad && mask.dim() == 4 && (mask.shape[0] == 1 || mask.shape[0] == q.shape[0])
            && mask.shape[1] == 1 && mask.shape[2] == 1 && mask.shape[3] == k.shape[2]);

    /// <summary>
    /// q (B, H, S, hd), k and v (B, H, K, hd), mask (B or 1, 1, 1, K) or null, the scores' scale and the dropout's draw
    /// -> (B, H, S, hd); without a gradient wanted, nothing is recorded for a backward.
    /// </summary>
    public static Tensor Apply(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale, FastDropout.Draw draw)
    {
        object?[] vars = [q, k, v, mask, scale, draw];
        return RecordsBackward(vars) ? apply(vars!) : Forward(q, k, v, mask, (float)scale, draw).Output;
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (q, k, v, mask, scale, draw) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], vars[3] as Tensor, (double)vars[4], (FastDropout.Draw)vars[5]);
        var (output, weights) = Forward(q, k, v, mask, (float)scale, draw);
        ctx.save_for_backward([q, k, v, weights]);
        ctx.save_data("scale", scale);
        ctx.save_data("draw", draw);
        return output;
    }

    /// <summary>The output and the softmax weights P (B, H, S, K), before dropout.</summary>
    private static (Tensor Output, Tensor Weights) Forward(Tensor q, Tensor k, Tensor v, Tensor? mask, float scale, FastDropout.Draw draw)
    {
        var scores = q.matmul(k.transpose(-2, -1));  // (B, H, S, K), made P' in place
        var weights = empty_like(scores);
        var rows = Rows.Of(q, k);
        Kernels.Forward(Floats(scores), Floats(weights), mask is null ? default : Floats(mask), mask?.shape[0] ?? 0, rows, scale, draw);
        return (scores.matmul(v), weights);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (q, k, v, weights) = (saved[0], saved[1], saved[2], saved[3]);
        var (scale, draw) = ((float)(double)ctx.get_data("scale"), (FastDropout.Draw)ctx.get_data("draw"));
        grad = grad.contiguous();
        var dropped = empty_like(weights);  // P', drawn again
        draw.Multiply(Floats(weights), Floats(dropped), 0);
        var gradV = dropped.transpose(-2, -1).matmul(grad);  // (B, H, K, hd)
        var gradScores = grad.matmul(v.transpose(-2, -1));  // ∂L/∂P', made ∂L/∂(q·kᵀ) in place
        Kernels.Backward(Floats(gradScores), Floats(weights), Rows.Of(q, k), scale, draw);
        var gradQ = gradScores.matmul(k);  // (B, H, S, hd)
        var gradK = gradScores.transpose(-2, -1).matmul(q);  // (B, H, K, hd)
        return [gradQ, gradK, gradV, null!, null!, null!];
    }

    /// <summary>The scores as B samples of PerSample rows (H·S) of Keys values each.</summary>
    internal readonly record struct Rows(long Samples, long PerSample, long Keys)
    {
        public long Count => Samples * PerSample;

        /// <summary>The scores' rows of q (B, H, S, hd) against k (B, H, K, hd).</summary>
        public static Rows Of(Tensor q, Tensor k) => new(q.shape[0], q.shape[1] * q.shape[2], k.shape[2]);

        /// <summary>
        /// Rows per chunk: the fewest whose values fill whole 16-element blocks of the dropout draw, so each chunk's mask
        /// is drawn at a block boundary: 16 / gcd(K, 16), the gcd being K's lowest set bit up to 16.
        /// </summary>
        public int Chunk => (int)(16 / Math.Min(Keys & -Keys, 16));
    }

    /// <summary>The passes over the scores, chunk by chunk; whole AVX2 vectors along a row and a scalar tail.</summary>
    internal static class Kernels
    {
        /// <summary>
        /// scores (rows of K): q·kᵀ in, P' out; weights: P. The mask row of sample b is row b of mask (maskRows B), its only
        /// row (maskRows 1), or nothing (no mask).
        /// </summary>
        public static void Forward(Span<float> scores, Span<float> weights, ReadOnlySpan<float> mask, long maskRows, Rows rows, float scale,
            FastDropout.Draw draw)
        {
            int keys = (int)rows.Keys, chunk = rows.Chunk;
            for (long first = 0; first < rows.Count; first += chunk)
            {
                long count = Math.Min(chunk, rows.Count - first);
                for (long r = first; r < first + count; r++)
                {
                    var maskRow = maskRows == 0 ? default : mask.Slice((int)(maskRows == 1 ? 0 : r / rows.PerSample * keys), keys);
                    Softmax(scores.Slice((int)(r * keys), keys), maskRow, scale, weights.Slice((int)(r * keys), keys));
                }
                int start = (int)(first * keys), length = (int)(count * keys);
                draw.Multiply(weights.Slice(start, length), scores.Slice(start, length), start);
            }
        }

        /// <summary>
        /// gradient (rows of K): ∂L/∂P' in, ∂L/∂(q·kᵀ) out, with weights P: the dropout mask, then softmax's backward
        /// P ⊙ (g − Σ g·P), then the scale.
        /// </summary>
        public static void Backward(Span<float> gradient, ReadOnlySpan<float> weights, Rows rows, float scale, FastDropout.Draw draw)
        {
            int keys = (int)rows.Keys, chunk = rows.Chunk;
            for (long first = 0; first < rows.Count; first += chunk)
            {
                long count = Math.Min(chunk, rows.Count - first);
                int start = (int)(first * keys), length = (int)(count * keys);
                draw.Multiply(gradient.Slice(start, length), gradient.Slice(start, length), start);
                for (long r = first; r < first + count; r++)
                    SoftmaxBackward(gradient.Slice((int)(r * keys), keys), weights.Slice((int)(r * keys), keys), scale);
            }
        }

        /// <summary>p = softmax(x·scale + mask) for one row (mask empty: none).</summary>
        private static void Softmax(ReadOnlySpan<float> x, ReadOnlySpan<float> mask, float scale, Span<float> p)
        {
            int n = x.Length, lanes = Vector256<float>.Count, j = 0;
            bool masked = !mask.IsEmpty;
            var vscale = Vector256.Create(scale);
            var maxima = Vector256.Create(float.NegativeInfinity);
            for (; j + lanes <= n; j += lanes)
            {
                var z = Load(x, j) * vscale;
                if (masked) z += Load(mask, j);
                Store(z, p, j);
                maxima = Vector256.Max(maxima, z);
            }
            float max = MaxOf(maxima);
            for (; j < n; j++)
            {
                p[j] = x[j] * scale + (masked ? mask[j] : 0f);
                max = MathF.Max(max, p[j]);
            }
            var vmax = Vector256.Create(max);
            var sums = Vector256<float>.Zero;
            for (j = 0; j + lanes <= n; j += lanes)
            {
                var e = Vector256.Exp(Load(p, j) - vmax);
                Store(e, p, j);
                sums += e;
            }
            float sum = Vector256.Sum(sums);
            for (; j < n; j++)
            {
                p[j] = MathF.Exp(p[j] - max);
                sum += p[j];
            }
            var inverse = Vector256.Create(1f / sum);
            for (j = 0; j + lanes <= n; j += lanes) Store(Load(p, j) * inverse, p, j);
            for (; j < n; j++) p[j] /= sum;
        }

        /// <summary>g = scale · p ⊙ (g − Σ g·p) for one row, in place.</summary>
        private static void SoftmaxBackward(Span<float> g, ReadOnlySpan<float> p, float scale)
        {
            int n = g.Length, lanes = Vector256<float>.Count, j = 0;
            var dots = Vector256<float>.Zero;
            for (; j + lanes <= n; j += lanes) dots += Load(g, j) * Load(p, j);
            float dot = Vector256.Sum(dots);
            for (; j < n; j++) dot += g[j] * p[j];
            var (vdot, vscale) = (Vector256.Create(dot), Vector256.Create(scale));
            for (j = 0; j + lanes <= n; j += lanes) Store(vscale * Load(p, j) * (Load(g, j) - vdot), g, j);
            for (; j < n; j++) g[j] = scale * p[j] * (g[j] - dot);
        }

        private static float MaxOf(Vector256<float> values)
        {
            float max = float.NegativeInfinity;
            for (int i = 0; i < Vector256<float>.Count; i++) max = MathF.Max(max, values[i]);
            return max;
        }
    }
}
