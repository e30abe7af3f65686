using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>RMSNorm over the last dimension (TorchSharp has none, STACK-NOTES T4): x / rms(x) · weight.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double eps;

    public RmsNorm(long dim, double eps = 1e-6) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(dim));
        this.eps = eps;
        RegisterComponents();
    }

    internal Tensor Weight => weight;

    internal double Eps => eps;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var rms = x.square().mean([-1], keepdim: true).add(eps).rsqrt();  // (..., 1)
        return x.mul(rms).mul(weight).MoveToOuterDisposeScope();
    }
}
