using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Scalar time -> sinusoidal features (256) -> MLP (DiT/MAR TimestepEmbedder). t is in [0, 1000).</summary>
public sealed class TimestepEmbedder : nn.Module<Tensor, Tensor>
{
    public const int FrequencySize = 256;
    private readonly Sequential mlp;

    public TimestepEmbedder(long width) : base(nameof(TimestepEmbedder))
    {
        mlp = nn.Sequential(nn.Linear(FrequencySize, width), nn.SiLU(), nn.Linear(width, width));
        RegisterComponents();
    }

    /// <summary>t (M) -> (M, W).</summary>
    public override Tensor forward(Tensor t)
    {
        int half = FrequencySize / 2;
        var freqs = exp(arange(half, dtype: float32, device: t.device).mul(-Math.Log(10000) / half));  // (256/2)
        var args = t.to(float32).unsqueeze(1).mul(freqs.unsqueeze(0));  // (M, 128)
        return mlp.call(cat([args.cos(), args.sin()], 1));
    }
}
