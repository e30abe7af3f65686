using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;
using static DataPlatform.Model.ManagedTensors;

namespace DataPlatform.Model;

/// <summary>
/// The step of <see cref="JointAttentionBlock"/> between the two streams' qkv projections and attention, as one autograd
/// function: split into heads, q/k RMSNorm, RoPE on the image stream, and the text-then-image concatenation, in one pass
/// that writes q, k and v and one backward pass that writes the gradient of both projections. Composed of libtorch's
/// operators this is a strided view, four operators per RMSNorm, one per rotation and three copies, and about twice as
/// many backward: for a Small-preset block at a replica's batch of 32 on one thread, 8.0-8.1 ms forward and backward
/// against 2.7-3.3 ms fused. Letters: B batch, L text tokens, S image tokens, H heads, hd head dim, D = H·hd.
/// </summary>
internal sealed class JointQkvFunction : autograd.MultiTensorFunction<JointQkvFunction>
{
    public override string Name => nameof(JointQkvFunction);

    /// <summary>
    /// Whether the fused function may run: one torch thread (the passes run on the calling thread), every tensor
    /// reachable by managed kernels, q/k norms on all four or none with one eps, and a rotation for the image tokens, for
    /// one sample or each, that wants no gradient. Anything else takes the composed operators (and their errors).
    /// </summary>
    public static bool Applies(Tensor textQkv, Tensor imageQkv, IReadOnlyList<RmsNorm?> norms, RopeAngles? rope) =>
        FusedFunctions && get_num_threads() == 1 && Reachable(textQkv) && Reachable(imageQkv)
        && (norms.All(n => n is null) || norms.All(n => n is not null && Reachable(n.Weight) && n.Eps == norms[0]!.Eps))
        && (rope is null || rope.Rotation.device_type == DeviceType.CPU && !rope.Rotation.requires_grad
            && rope.Rotation.shape[2] == imageQkv.shape[1] && (rope.Rotation.shape[0] == 1 || rope.Rotation.shape[0] == imageQkv.shape[0]));

    /// <summary>
    /// textQkv (B, L, 3D) and imageQkv (B, S, 3D), the q/k norms of the text and image streams (all four or none), the
    /// image rotation or null -> q, k, v each (B, H, L + S, hd), text first.
    /// </summary>
    public static (Tensor Q, Tensor K, Tensor V) Apply(Tensor textQkv, Tensor imageQkv, RmsNorm? textQ, RmsNorm? textK, RmsNorm? imageQ,
        RmsNorm? imageK, RopeAngles? rope, long heads)
    {
        Tensor? cos = null, sin = null;
        if (rope is not null)
        {
            var pairs = view_as_real(rope.Rotation).squeeze(1);  // (B or 1, S, hd/2, 2): cos θ, sin θ
            var (c, s) = (pairs.select(-1, 0), pairs.select(-1, 1));
            cos = stack([c, c], -1).flatten(-2).contiguous();  // (B or 1, S, hd): cos θ0, cos θ0, cos θ1, cos θ1, ...
            sin = stack([s.neg(), s], -1).flatten(-2).contiguous();  // −sin θ0, sin θ0, −sin θ1, ...
        }
        object?[] vars = [textQkv, imageQkv, textQ?.Weight, textK?.Weight, imageQ?.Weight, imageK?.Weight, cos, sin, heads, textQ?.Eps ?? 0.0];
        if (!RecordsBackward(vars))
        {
            var (q, k, v, _, _) = Forward(vars);
            return (q, k, v);
        }
        var outputs = apply(vars!);
        return (outputs[0], outputs[1], outputs[2]);
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (q, k, v, qRstd, kRstd) = Forward(vars);
        ctx.save_for_backward([(Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3], (Tensor)vars[4], (Tensor)vars[5],
            (Tensor)vars[6], (Tensor)vars[7], qRstd!, kRstd!]);
        ctx.save_data("heads", vars[8]);
        return [q, k, v];
    }

    private static (Tensor Q, Tensor K, Tensor V, Tensor? QRstd, Tensor? KRstd) Forward(object?[] vars)
    {
        var (textQkv, imageQkv) = ((Tensor)vars[0]!, (Tensor)vars[1]!);
        var weights = new[] { vars[2] as Tensor, vars[3] as Tensor, vars[4] as Tensor, vars[5] as Tensor };
        var (cos, sin) = (vars[6] as Tensor, vars[7] as Tensor);
        long heads = (long)vars[8]!;
        float eps = (float)(double)vars[9]!;
        var shape = Shape.Of(textQkv, imageQkv, heads);
        var q = empty([shape.B, heads, shape.T, shape.Hd]);
        var k = empty([shape.B, heads, shape.T, shape.Hd]);
        var v = empty([shape.B, heads, shape.T, shape.Hd]);
        bool normed = weights[0] is not null;
        var qRstd = normed ? empty([shape.B, heads, shape.T]) : null;
        var kRstd = normed ? empty([shape.B, heads, shape.T]) : null;
        var outputs = new Outputs(Floats(q), Floats(k), Floats(v), normed ? Floats(qRstd!) : default, normed ? Floats(kRstd!) : default);
        var noRotation = new Rotation(default, default, 0);
        Kernels.Forward(Floats(textQkv), 0, shape.L, Norms(weights[0], weights[1]), noRotation, eps, shape, outputs);
        var rotation = cos is null ? noRotation : new Rotation(Floats(cos), Floats(sin!), cos.shape[0]);
        Kernels.Forward(Floats(imageQkv), shape.L, shape.S, Norms(weights[2], weights[3]), rotation, eps, shape, outputs);
        return (q, k, v, qRstd, kRstd);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var saved = ctx.get_saved_variables();
        var (textQkv, imageQkv, cos, sin, qRstd, kRstd) = (saved[0], saved[1], saved[6], saved[7], saved[8], saved[9]);
        var weights = new[] { saved[2], saved[3], saved[4], saved[5] };
        long heads = (long)ctx.get_data("heads");
        var shape = Shape.Of(textQkv, imageQkv, heads);
        var (gq, gk, gv) = (grads[0].contiguous(), grads[1].contiguous(), grads[2].contiguous());
        var textGrad = empty_like(textQkv);
        var imageGrad = empty_like(imageQkv);
        bool normed = weights[0] is not null;
        var weightGrads = weights.Select(w => w is null ? null : zeros_like(w)).ToArray();
        var incoming = new Outputs(Floats(gq), Floats(gk), Floats(gv), normed ? Floats(qRstd) : default, normed ? Floats(kRstd) : default);
        var noRotation = new Rotation(default, default, 0);
        Kernels.Backward(Floats(textQkv), Floats(textGrad), 0, shape.L, Norms(weights[0], weights[1]),
            normed ? new NormGrads(Floats(weightGrads[0]!), Floats(weightGrads[1]!)) : default, noRotation, shape, incoming);
        var rotation = cos is null ? noRotation : new Rotation(Floats(cos), Floats(sin), cos.shape[0]);
        Kernels.Backward(Floats(imageQkv), Floats(imageGrad), shape.L, shape.S, Norms(weights[2], weights[3]),
            normed ? new NormGrads(Floats(weightGrads[2]!), Floats(weightGrads[3]!)) : default, rotation, shape, incoming);
        return [textGrad, imageGrad, weightGrads[0]!, weightGrads[1]!, weightGrads[2]!, weightGrads[3]!, null!, null!, null!, null!];
    }

    private static NormWeights Norms(Tensor? q, Tensor? k) => q is null || k is null ? default : new NormWeights(Floats(q), Floats(k));

    /// <summary>Sizes: B batch, L text and S image tokens, T = L + S, H heads, hd head dim, D = H·hd.</summary>
    internal readonly record struct Shape(long B, long L, long S, long H, long Hd)
    {
        public long T => L + S;
        public long D => H * Hd;

        public static Shape Of(Tensor textQkv, Tensor imageQkv, long heads) =>
            new(imageQkv.shape[0], textQkv.shape[1], imageQkv.shape[1], heads, imageQkv.shape[2] / 3 / heads);
    }

    /// <summary>q, k, v (B, H, T, hd) and the q and k rows' 1/rms (B, H, T); empty spans without norms.</summary>
    internal readonly ref struct Outputs(Span<float> q, Span<float> k, Span<float> v, Span<float> qRstd, Span<float> kRstd)
    {
        public readonly Span<float> Q = q, K = k, V = v, QRstd = qRstd, KRstd = kRstd;
    }

    /// <summary>The q and k norms' weights (hd each); empty without norms.</summary>
    internal readonly ref struct NormWeights(ReadOnlySpan<float> q, ReadOnlySpan<float> k)
    {
        public readonly ReadOnlySpan<float> Q = q, K = k;
        public bool Present => !Q.IsEmpty;
    }

    /// <summary>The q and k norms' weight gradients (hd each), summed into.</summary>
    internal readonly ref struct NormGrads(Span<float> q, Span<float> k)
    {
        public readonly Span<float> Q = q, K = k;
    }

    /// <summary>
    /// Per image token (and per sample when rows is B, else shared when 1), hd values each: cos θ repeated for both
    /// members of a pair, and (−sin θ, sin θ). Rotated y = x·cos + swap(x)·sin, swap exchanging each pair's members.
    /// </summary>
    internal readonly ref struct Rotation(ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, long rows)
    {
        public readonly ReadOnlySpan<float> Cos = cos, Sin = sin;
        public readonly long Rows = rows;
        public bool Present => !Cos.IsEmpty;

        /// <summary>The cos row of token t of sample b in a stream of count tokens (empty without a rotation).</summary>
        public ReadOnlySpan<float> CosAt(long b, long t, long count, int hd) => Present ? Cos.Slice(Offset(b, t, count, hd), hd) : default;

        /// <inheritdoc cref="CosAt"/>
        public ReadOnlySpan<float> SinAt(long b, long t, long count, int hd) => Present ? Sin.Slice(Offset(b, t, count, hd), hd) : default;

        private int Offset(long b, long t, long count, int hd) => (int)((Rows == 1 ? t : b * count + t) * hd);
    }

    /// <summary>The per-row passes; hd a multiple of 8 takes whole AVX2 vectors, any other hd the scalar loop.</summary>
    internal static class Kernels
    {
        private static readonly Vector256<int> PairSwap = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);

        /// <summary>Writes tokens [offset, offset + count) of the outputs from one stream's qkv (B, count, 3D).</summary>
        public static void Forward(ReadOnlySpan<float> qkv, long offset, long count, NormWeights norms, Rotation rotation, float eps, Shape shape,
            Outputs outputs)
        {
            int hd = (int)shape.Hd;
            for (long b = 0; b < shape.B; b++)
            for (long t = 0; t < count; t++)
            {
                var source = qkv.Slice((int)((b * count + t) * 3 * shape.D), (int)(3 * shape.D));
                var cos = rotation.CosAt(b, t, count, hd);
                var sin = rotation.SinAt(b, t, count, hd);
                for (long h = 0; h < shape.H; h++)
                {
                    long row = (b * shape.H + h) * shape.T + offset + t;
                    var destination = (int)(row * hd);
                    float qr = NormRotate(source.Slice((int)(h * hd), hd), norms.Q, cos, sin, eps, outputs.Q.Slice(destination, hd));
                    float kr = NormRotate(source.Slice((int)(shape.D + h * hd), hd), norms.K, cos, sin, eps, outputs.K.Slice(destination, hd));
                    source.Slice((int)(2 * shape.D + h * hd), hd).CopyTo(outputs.V.Slice(destination, hd));
                    if (norms.Present)
                    {
                        outputs.QRstd[(int)row] = qr;
                        outputs.KRstd[(int)row] = kr;
                    }
                }
            }
        }

        /// <summary>Writes the gradient of one stream's qkv (B, count, 3D) and adds its norms' weight gradients.</summary>
        public static void Backward(ReadOnlySpan<float> qkv, Span<float> qkvGrad, long offset, long count, NormWeights norms, NormGrads normGrads,
            Rotation rotation, Shape shape, Outputs grads)
        {
            int hd = (int)shape.Hd;
            Span<float> scratch = stackalloc float[hd];
            for (long b = 0; b < shape.B; b++)
            for (long t = 0; t < count; t++)
            {
                int start = (int)((b * count + t) * 3 * shape.D);
                var source = qkv.Slice(start, (int)(3 * shape.D));
                var target = qkvGrad.Slice(start, (int)(3 * shape.D));
                var cos = rotation.CosAt(b, t, count, hd);
                var sin = rotation.SinAt(b, t, count, hd);
                for (long h = 0; h < shape.H; h++)
                {
                    long row = (b * shape.H + h) * shape.T + offset + t;
                    int from = (int)(row * hd);
                    NormRotateBackward(grads.Q.Slice(from, hd), source.Slice((int)(h * hd), hd), norms.Q, norms.Present ? grads.QRstd[(int)row] : 1f,
                        cos, sin, normGrads.Q, scratch, target.Slice((int)(h * hd), hd));
                    NormRotateBackward(grads.K.Slice(from, hd), source.Slice((int)(shape.D + h * hd), hd), norms.K,
                        norms.Present ? grads.KRstd[(int)row] : 1f, cos, sin, normGrads.K, scratch, target.Slice((int)(shape.D + h * hd), hd));
                    grads.V.Slice(from, hd).CopyTo(target.Slice((int)(2 * shape.D + h * hd), hd));
                }
            }
        }

        /// <summary>y = x / rms(x) · w (without weights: y = x), then rotated when cos is given; returns 1 / rms(x).</summary>
        private static float NormRotate(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, float eps,
            Span<float> y)
        {
            int hd = x.Length;
            float r = 1f;
            if (!w.IsEmpty)
            {
                float squares = 0;
                int j = 0;
                if (Vector256.IsHardwareAccelerated && hd % Vector256<float>.Count == 0)
                {
                    var sums = Vector256<float>.Zero;
                    for (; j < hd; j += Vector256<float>.Count) sums += Load(x, j) * Load(x, j);
                    squares = Vector256.Sum(sums);
                }
                for (; j < hd; j++) squares += x[j] * x[j];
                r = 1f / MathF.Sqrt(squares / hd + eps);
            }
            if (Vector256.IsHardwareAccelerated && hd % Vector256<float>.Count == 0)
            {
                var vr = Vector256.Create(r);
                for (int j = 0; j < hd; j += Vector256<float>.Count)
                {
                    var value = Load(x, j);
                    if (!w.IsEmpty) value = value * vr * Load(w, j);
                    if (!cos.IsEmpty) value = value * Load(cos, j) + Vector256.Shuffle(value, PairSwap) * Load(sin, j);
                    Store(value, y, j);
                }
                return r;
            }
            for (int j = 0; j < hd; j++) y[j] = w.IsEmpty ? x[j] : x[j] * r * w[j];
            if (!cos.IsEmpty)
                for (int j = 0; j < hd; j += 2)
                {
                    float y0 = y[j], y1 = y[j + 1];
                    y[j] = y0 * cos[j] + y1 * sin[j];
                    y[j + 1] = y1 * cos[j + 1] + y0 * sin[j + 1];
                }
            return r;
        }

        /// <summary>
        /// Gradient of <see cref="NormRotate"/> for one row: g (hd) -> ∂L/∂x into gradX; ∂L/∂w added to gradW.
        /// The rotation's transpose is the rotation by −θ: g·cos − swap(g)·sin.
        /// </summary>
        private static void NormRotateBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, float r, ReadOnlySpan<float> cos,
            ReadOnlySpan<float> sin, Span<float> gradW, Span<float> scratch, Span<float> gradX)
        {
            int hd = g.Length;
            if (Vector256.IsHardwareAccelerated && hd % Vector256<float>.Count == 0)
            {
                NormRotateBackwardVectors(g, x, w, r, cos, sin, gradW, scratch, gradX);
                return;
            }
            // ∂L/∂y before the rotation
            if (cos.IsEmpty) g.CopyTo(scratch);
            else
                for (int j = 0; j < hd; j += 2)
                {
                    scratch[j] = g[j] * cos[j] - g[j + 1] * sin[j];
                    scratch[j + 1] = g[j + 1] * cos[j + 1] - g[j] * sin[j + 1];
                }
            if (w.IsEmpty)
            {
                scratch.CopyTo(gradX);
                return;
            }
            float dot = 0;
            for (int j = 0; j < hd; j++)
            {
                float xhat = x[j] * r;
                gradW[j] += scratch[j] * xhat;
                float gxhat = scratch[j] * w[j];
                scratch[j] = gxhat;
                dot += gxhat * xhat;
            }
            dot /= hd;
            for (int j = 0; j < hd; j++) gradX[j] = r * (scratch[j] - x[j] * r * dot);
        }

        /// <summary><see cref="NormRotateBackward"/> in whole vectors (hd a multiple of 8).</summary>
        private static void NormRotateBackwardVectors(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, float r,
            ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> gradW, Span<float> scratch, Span<float> gradX)
        {
            int hd = g.Length, lanes = Vector256<float>.Count;
            var vr = Vector256.Create(r);
            var dots = Vector256<float>.Zero;
            for (int j = 0; j < hd; j += lanes)
            {
                var gy = Load(g, j);
                if (!cos.IsEmpty) gy = gy * Load(cos, j) - Vector256.Shuffle(gy, PairSwap) * Load(sin, j);
                if (w.IsEmpty)
                {
                    Store(gy, gradX, j);
                    continue;
                }
                var xhat = Load(x, j) * vr;
                Store(Load(gradW, j) + gy * xhat, gradW, j);
                var gxhat = gy * Load(w, j);
                Store(gxhat, scratch, j);
                dots += gxhat * xhat;
            }
            if (w.IsEmpty) return;
            var dot = Vector256.Create(Vector256.Sum(dots) / hd);
            for (int j = 0; j < hd; j += lanes)
                Store(vr * (Load(scratch, j) - Load(x, j) * vr * dot), gradX, j);
        }
    }
}
