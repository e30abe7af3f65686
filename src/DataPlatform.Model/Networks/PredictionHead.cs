using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>JEPA prediction head u: fc (Dp -> 4Dp) -> GELU -> LayerNorm -> fc (4Dp -> D), predicting φ̄'s features.</summary>
public sealed class PredictionHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly LayerNorm norm;
    private readonly Linear fc2;

    public PredictionHead(long predictorWidth, long encoderWidth) : base(nameof(PredictionHead))
    {
        fc1 = nn.Linear(predictorWidth, 4 * predictorWidth);
        norm = nn.LayerNorm(4 * predictorWidth, eps: 1e-6);
        fc2 = nn.Linear(4 * predictorWidth, encoderWidth);
        RegisterComponents();
    }

    /// <summary>z (..., Dp) -> predicted target feature (..., D).</summary>
    public override Tensor forward(Tensor z) => fc2.call(norm.call(nn.functional.gelu(fc1.call(z))));
}
