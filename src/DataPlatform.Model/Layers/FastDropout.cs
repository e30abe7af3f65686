using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Dropout whose keep-mask is computed in managed code instead of by libtorch's CPU bernoulli, which draws one value
/// at a time on one thread: 16-25 ms for a (64, 68, 512) activation here against 1.7 ms for this mask. With the Small
/// preset's dropout 0.1 that was most of a transformer block's time (`dp bench model`). Draws are a counter-based hash
/// (murmur3's 32-bit finaliser of the word index plus a per-call key), eight words at a time in AVX2 registers.
/// Each call takes its key from torch's default generator, so <c>manual_seed</c> and a saved RNG state reproduce the
/// masks as they did libtorch's; a thread that computes one replica of a data-parallel step takes its keys from that
/// replica's generator instead (<see cref="UseKeysFrom"/>), so the masks do not depend on how the threads interleave.
/// The drop probability is quantised to 1/65536. A contiguous float32 tensor goes through an autograd function that keeps
/// the call's key instead of its mask: one pass forward, one backward that draws the mask again, nothing stored between
/// (composed, the mask was written, multiplied in, and kept for the backward). Tensors off the CPU use libtorch's dropout.
/// </summary>
public static class FastDropout
{
    [ThreadStatic]
    private static Generator? keys;

    /// <summary>Until disposed, masks made on this thread take their keys from the generator instead of torch's default one.</summary>
    public static IDisposable UseKeysFrom(Generator generator)
    {
        var previous = keys;
        keys = generator;
        return new KeySource(previous);
    }

    private sealed class KeySource(Generator? previous) : IDisposable
    {
        public void Dispose() => keys = previous;
    }

    /// <summary>
    /// x (any shape) -> x with elements zeroed with probability p and the rest scaled by 1 / (1 − p); x when not training.
    /// A contiguous float32 x takes <see cref="DropoutFunction"/>: one pass forward and one backward, the mask drawn again
    /// from its key instead of kept.
    /// </summary>
    public static Tensor Apply(Tensor x, double p, bool training)
    {
        if (!training || p == 0) return x;
        if (x.device_type != DeviceType.CPU) return nn.functional.dropout(x, p, training: true);
        var draw = Draw.Of(p);
        if (!ManagedTensors.FusedFunctions || !ManagedTensors.Reachable(x)) return x.mul(draw.Mask(x.shape, x.dtype));
        return ManagedTensors.RecordsBackward(x) ? DropoutFunction.apply(x, draw) : draw.Apply(x);
    }

    /// <summary>
    /// The multiplier of <see cref="Apply"/>: each element independently 0 with probability p, else 1 / (1 − p). A 16-bit
    /// draw u, uniform on [0, 65536), drops its element when u &lt; p·65536.
    /// </summary>
    public static Tensor Mask(long[] shape, double p, ScalarType dtype = ScalarType.Float32) => Draw.Of(p).Mask(shape, dtype);

    /// <summary>One call's draw: its key (from torch's generator or this thread's <see cref="UseKeysFrom"/>), limit and scale.</summary>
    internal sealed record Draw(uint Key, int Limit, float Scale)
    {
        public static Draw Of(double p)
        {
            if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
            uint key = (uint)randint(uint.MaxValue, [1], dtype: int64, generator: keys).item<long>();
            return new Draw(key, (int)Math.Round(p * 65536), (float)(1 / (1 - p)));
        }

        public Tensor Mask(long[] shape, ScalarType dtype)
        {
            var mask = empty(shape, float32);
            Fill(ManagedTensors.Floats(mask), Key, Limit, Scale, Vector256.IsHardwareAccelerated);
            return dtype == ScalarType.Float32 ? mask : mask.to(dtype);
        }

        /// <summary>x times the mask, for a contiguous float32 x (forward, or a gradient backward).</summary>
        public Tensor Apply(Tensor x)
        {
            var output = empty_like(x);
            Multiply(ManagedTensors.Floats(x), ManagedTensors.Floats(output), 0);
            return output;
        }

        /// <summary>
        /// output = x times the mask's values of elements [offset, offset + x.Length) of a tensor, offset a multiple of 16
        /// (where a block of the draw starts); output may be x.
        /// </summary>
        public void Multiply(ReadOnlySpan<float> x, Span<float> output, long offset)
        {
            if (offset % 16 != 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "a dropout mask slice starts at a multiple of 16");
            FastDropout.Multiply(x, output, Key, Limit, Scale, Vector256.IsHardwareAccelerated, offset);
        }
    }

    /// <summary>Dropout as an autograd function that keeps its draw, not its mask: backward multiplies by the same mask again.</summary>
    private sealed class DropoutFunction : autograd.SingleTensorFunction<DropoutFunction>
    {
        public override string Name => nameof(DropoutFunction);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var draw = (Draw)vars[1];
            ctx.save_data("draw", draw);
            return draw.Apply((Tensor)vars[0]);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad) =>
            [((Draw)ctx.get_data("draw")).Apply(grad.contiguous()), null!];
    }

    /// <summary>
    /// values[e] = 0 where draw e &lt; limit, else scale. Elements go in blocks of 16: word 8k + j of the hash gives element
    /// 16k + j its low 16 bits and element 16k + 8 + j its high 16 bits. The vector and scalar paths give the same values.
    /// </summary>
    internal static void Fill(Span<float> values, uint key, int limit, float scale, bool vectorized) =>
        Multiply(default, values, key, limit, scale, vectorized, 0);

    /// <summary>
    /// output[e] = x[e] times <see cref="Fill"/>'s values[offset + e], offset a multiple of 16; with x empty, the values
    /// themselves.
    /// </summary>
    private static void Multiply(ReadOnlySpan<float> x, Span<float> output, uint key, int limit, float scale, bool vectorized, long offset)
    {
        uint firstWord = (uint)(offset / 16 * 8);
        bool fill = x.IsEmpty;
        ref float value = ref MemoryMarshal.GetReference(output);
        ref float source = ref MemoryMarshal.GetReference(x);
        int blocks = vectorized ? output.Length / 16 : 0;
        if (blocks > 0)
        {
            var lanes = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            var limits = Vector256.Create(limit);
            var scales = Vector256.Create(scale);
            for (int k = 0; k < blocks; k++)
            {
                var words = Hash(lanes + Vector256.Create(firstWord + (uint)(8 * k)), key);
                var low = (words & Vector256.Create(0xFFFFu)).AsInt32();
                var high = Vector256.ShiftRightLogical(words, 16).AsInt32();
                var lowMask = Vector256.GreaterThanOrEqual(low, limits).AsSingle() & scales;
                var highMask = Vector256.GreaterThanOrEqual(high, limits).AsSingle() & scales;
                if (!fill)
                {
                    lowMask *= Vector256.LoadUnsafe(ref source, (nuint)(16 * k));
                    highMask *= Vector256.LoadUnsafe(ref source, (nuint)(16 * k + 8));
                }
                lowMask.StoreUnsafe(ref value, (nuint)(16 * k));
                highMask.StoreUnsafe(ref value, (nuint)(16 * k + 8));
            }
        }
        for (int e = 16 * blocks; e < output.Length; e++)
        {
            uint word = Hash(firstWord + (uint)(e / 16 * 8 + e % 8), key);
            int draw = (int)(e % 16 < 8 ? word & 0xFFFF : word >> 16);
            float m = draw >= limit ? scale : 0f;
            output[e] = fill ? m : m * x[e];
        }
    }

    /// <summary>murmur3's 32-bit finaliser of counter·golden + key: a bijection with full avalanche.</summary>
    private static uint Hash(uint counter, uint key)
    {
        uint x = counter * 0x9E3779B9u + key;
        x ^= x >> 16;
        x *= 0x85EBCA6Bu;
        x ^= x >> 13;
        x *= 0xC2B2AE35u;
        return x ^ (x >> 16);
    }

    /// <inheritdoc cref="Hash(uint, uint)"/>
    private static Vector256<uint> Hash(Vector256<uint> counter, uint key)
    {
        var x = counter * Vector256.Create(0x9E3779B9u) + Vector256.Create(key);
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= Vector256.Create(0x85EBCA6Bu);
        x ^= Vector256.ShiftRightLogical(x, 13);
        x *= Vector256.Create(0xC2B2AE35u);
        return x ^ Vector256.ShiftRightLogical(x, 16);
    }
}
