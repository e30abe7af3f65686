using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// One batch's masking: ratio r, and per sample a random token order whose first ceil(N·r) entries are masked.
/// VisibleIdx (B, N − Nm) and MaskedIdx (B, Nm) are grid positions.
/// </summary>
public sealed record MaskPlan(double Ratio, int MaskedCount, Tensor Order, Tensor VisibleIdx, Tensor MaskedIdx)
{
    /// <summary>The plan of samples [start, start + count): same ratio, their orders.</summary>
    public MaskPlan Slice(long start, long count) =>
        new(Ratio, MaskedCount, Order.narrow(0, start, count), VisibleIdx.narrow(0, start, count), MaskedIdx.narrow(0, start, count));
}

/// <summary>Masking with an explicit generator (no global RNG): r ~ N(mean, std) truncated to [min, 1].</summary>
public static class Masking
{
    /// <summary>Rejection sampling of the truncated normal from the generator's normal draws.</summary>
    public static double SampleRatio(ModelConfig config, Generator gen)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            double r = config.MaskRatioMean + config.MaskRatioStd * randn([1], generator: gen).item<float>();
            if (r >= config.MaskRatioMin && r <= 1.0) return r;
        }
        return config.MaskRatioMin;  // unreachable for sane configs (acceptance ~0.38 at the defaults)
    }

    /// <summary>B random orders over N tokens; the first ceil(N·r) of each are masked (at least 1).</summary>
    public static MaskPlan Plan(long batch, int n, double ratio, Generator gen, Device? device = null)
    {
        int masked = Math.Clamp((int)Math.Ceiling(n * ratio), 1, n);
        var order = rand([batch, n], generator: gen).argsort(1).to(device ?? CPU);  // (B, N)
        var maskedIdx = order.narrow(1, 0, masked);  // (B, Nm)
        var visibleIdx = order.narrow(1, masked, n - masked);  // (B, N − Nm)
        return new MaskPlan(ratio, masked, order, visibleIdx, maskedIdx);
    }
}
