using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Exponential moving average of weights: ema ← d·ema + (1 − d)·θ, in place under no_grad; buffers copied.</summary>
public static class Ema
{
    public static void Update(nn.Module ema, nn.Module source, double decay)
    {
        using var noGrad = no_grad();
        var sourceParameters = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in ema.named_parameters())
        {
            if (!sourceParameters.TryGetValue(name, out var theta)) throw new ArgumentException($"EMA source has no parameter {name}");
            parameter.mul_(decay).add_(theta, alpha: 1 - decay);
        }
        var sourceBuffers = source.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, buffer) in ema.named_buffers()) buffer.copy_(sourceBuffers[name]);
    }

    /// <summary>Copies every weight of source into ema (start of training).</summary>
    public static void CopyFrom(nn.Module ema, nn.Module source) => Update(ema, source, 0.0);

    /// <summary>A fresh EMA copy: same config, weights copied, eval mode, no gradients.</summary>
    public static DJepaT2I CreateCopy(DJepaT2I source)
    {
        var ema = new DJepaT2I(source.Config);
        CopyFrom(ema, source);
        foreach (var p in ema.parameters()) p.requires_grad = false;
        ema.eval();
        return ema;
    }
}
