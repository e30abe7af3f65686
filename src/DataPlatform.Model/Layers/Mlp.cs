using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Transformer MLP: fc1 (D -> r·D) -> GELU -> dropout -> fc2 (r·D -> D) -> dropout.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Dropout drop;

    public Mlp(long dim, long hidden, double dropout) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        drop = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        drop.call(fc2.call(drop.call(nn.functional.gelu(fc1.call(x)))));
}
