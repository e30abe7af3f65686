using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Float32 tensors that managed kernels may read and write in place: on the CPU, contiguous, under 2 GB.</summary>
internal static class ManagedTensors
{
    /// <summary>
    /// Whether the fused autograd functions (<see cref="AdaLnResBlockFunction"/>, <see cref="JointQkvFunction"/>, fused
    /// dropout) may run where they apply; false makes every layer compose libtorch's operators (tests compare the two).
    /// </summary>
    public static bool FusedFunctions { get; set; } = true;

    /// <summary>Whether a fused function over these inputs must record its backward: grad mode on and a tensor wanting a gradient.</summary>
    public static bool RecordsBackward(params object?[] inputs) => is_grad_enabled() && inputs.OfType<Tensor>().Any(t => t.requires_grad);

    public static bool Reachable(Tensor t) =>
        t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous() && t.numel() <= int.MaxValue / sizeof(float);

    /// <summary>The tensor's memory as floats; only for <see cref="Reachable"/> tensors, while the tensor lives.</summary>
    public static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    /// <summary>Eight floats of span from offset, unchecked: the kernels' loops keep offset + 8 within the span.</summary>
    public static Vector256<float> Load(ReadOnlySpan<float> span, int offset) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)offset);

    /// <summary>Stores eight floats into span at offset, unchecked like <see cref="Load"/>.</summary>
    public static void Store(Vector256<float> value, Span<float> span, int offset) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)offset);
}
