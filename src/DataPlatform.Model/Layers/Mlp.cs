using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Transformer MLP: fc1 (D -> r·D) -> GELU -> dropout -> fc2 (r·D -> D) -> dropout.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly double dropout;

    public Mlp(long dim, long hidden, double dropout) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        this.dropout = dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        FastDropout.Apply(fc2.call(FastDropout.Apply(nn.functional.gelu(fc1.call(x)), dropout, training)), dropout, training);
}
