using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;
using static DataPlatform.Model.ManagedTensors;

namespace DataPlatform.Model;

/// <summary>
/// Exponential moving average of weights: ema ← d·ema + (1 − d)·θ, in place under no_grad; buffers copied. Float32 CPU
/// weights are blended in managed code (two libtorch operators per parameter cost 16-28 ms a Small-preset step with
/// OMP_WAIT_POLICY=PASSIVE, which wakes an OpenMP worker for each); others with libtorch's operators.
/// </summary>
public static class Ema
{
    public static void Update(nn.Module ema, nn.Module source, double decay)
    {
        using var noGrad = no_grad();
        var sourceParameters = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in ema.named_parameters())
        {
            if (!sourceParameters.TryGetValue(name, out var theta)) throw new ArgumentException($"EMA source has no parameter {name}");
            if (!parameter.shape.SequenceEqual(theta.shape))
                throw new ArgumentException($"EMA parameter {name} is ({string.Join(", ", parameter.shape)}), its source ({string.Join(", ", theta.shape)})");
            if (Reachable(parameter) && Reachable(theta)) Blend(Floats(parameter), Floats(theta), (float)decay, (float)(1 - decay), Vector256.IsHardwareAccelerated);
            else parameter.mul_(decay).add_(theta, alpha: 1 - decay);
        }
        var sourceBuffers = source.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, buffer) in ema.named_buffers()) buffer.copy_(sourceBuffers[name]);
    }

    /// <summary>ema ← ema·decay + weight·source, in libtorch's operator order; the vector and scalar paths give the same values.</summary>
    internal static void Blend(Span<float> ema, ReadOnlySpan<float> source, float decay, float weight, bool vectorized)
    {
        if (source.Length != ema.Length) throw new ArgumentException("EMA weight and source differ in length");
        ref float e0 = ref MemoryMarshal.GetReference(ema);
        ref float s0 = ref MemoryMarshal.GetReference(source);
        int e = 0;
        if (vectorized)
        {
            var d = Vector256.Create(decay);
            var w = Vector256.Create(weight);
            for (; e <= ema.Length - Vector256<float>.Count; e += Vector256<float>.Count)
                (Vector256.LoadUnsafe(ref e0, (nuint)e) * d + w * Vector256.LoadUnsafe(ref s0, (nuint)e)).StoreUnsafe(ref e0, (nuint)e);
        }
        for (; e < ema.Length; e++) ema[e] = ema[e] * decay + weight * source[e];
    }

    /// <summary>Copies every weight of source into ema (start of training).</summary>
    public static void CopyFrom(nn.Module ema, nn.Module source) => Update(ema, source, 0.0);

    /// <summary>A fresh EMA copy: same config and device, weights copied, eval mode, no gradients.</summary>
    public static DJepaT2I CreateCopy(DJepaT2I source)
    {
        var ema = new DJepaT2I(source.Config);
        var device = source.Device;
        if (device.type != DeviceType.CPU) ema.to(device);
        CopyFrom(ema, source);
        foreach (var p in ema.parameters()) p.requires_grad = false;
        ema.eval();
        return ema;
    }
}
