using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// MAR's SimpleMLPAdaLN: the per-token network. h = input_proj(x_t); c = time_embed(t) + cond_embed(z);
/// res blocks h += gate·MLP(LN(h)·(1 + scale) + shift); out = linear(LN(h)·(1 + scale) + shift).
/// Gates and the output layer start at zero, so at init every block is the identity and the output is 0.
/// Letters: M tokens, C token channels, Dp condition width, W head width.
/// </summary>
public sealed class SimpleMlpAdaLn : nn.Module
{
    private readonly TimestepEmbedder time_embed;
    private readonly Linear cond_embed;
    private readonly Linear input_proj;
    private readonly ModuleList<AdaLnResBlock> res_blocks;
    private readonly AdaLnFinalLayer final_layer;

    public SimpleMlpAdaLn(long channels, long condWidth, long width, int depth) : base(nameof(SimpleMlpAdaLn))
    {
        time_embed = new TimestepEmbedder(width);
        cond_embed = nn.Linear(condWidth, width);
        input_proj = nn.Linear(channels, width);
        res_blocks = new ModuleList<AdaLnResBlock>();
        for (int i = 0; i < depth; i++) res_blocks.Add(new AdaLnResBlock(width));
        final_layer = new AdaLnFinalLayer(width, channels);
        RegisterComponents();
    }

    internal IReadOnlyList<AdaLnResBlock> Blocks => res_blocks.ToList();

    /// <summary>x (M, C), t (M) in [0, 1000), z (M, Dp) -> (M, C).</summary>
    public Tensor forward(Tensor x, Tensor t, Tensor z)
    {
        var h = input_proj.call(x);  // (M, W)
        var c = time_embed.call(t).add(cond_embed.call(z));  // (M, W)
        var activated = nn.functional.silu(c);  // SiLU(c): the first stage of every adaLN_modulation, computed once
        foreach (var block in res_blocks) h = block.forward(h, activated);
        return final_layer.forward(h, activated);
    }
}

/// <summary>
/// One AdaLN residual block of <see cref="SimpleMlpAdaLn"/>; adaLN_modulation (SiLU, Linear) is zero-initialised.
/// forward takes SiLU(c) already applied (shared by all blocks) and runs only the modulation's Linear.
/// </summary>
public sealed class AdaLnResBlock : nn.Module
{
    private const double NormEps = 1e-6;
    private readonly LayerNorm in_ln;
    private readonly Sequential mlp;
    private readonly Sequential adaLN_modulation;

    public AdaLnResBlock(long width) : base(nameof(AdaLnResBlock))
    {
        in_ln = nn.LayerNorm(width, eps: NormEps);
        mlp = nn.Sequential(nn.Linear(width, width), nn.SiLU(), nn.Linear(width, width));
        var modulation = nn.Linear(width, 3 * width);
        using (no_grad()) { modulation.weight!.zero_(); modulation.bias!.zero_(); }
        adaLN_modulation = nn.Sequential(nn.SiLU(), modulation);
        RegisterComponents();
    }

    /// <summary>h (M, W), activated = SiLU(c) (M, W) -> h + gate·MLP(LN(h)·(1 + scale) + shift), (M, W).</summary>
    public Tensor forward(Tensor h, Tensor activated)
    {
        var modulation = Modulation(activated);  // (M, 3W)
        var (fc1, fc2) = Linears;
        if (AdaLnResBlockFunction.Applies(h, modulation, fc1, fc2, in_ln))
            return AdaLnResBlockFunction.Apply(h, modulation, fc1, fc2, in_ln, NormEps);
        var mod = modulation.chunk(3, 1);  // shift, scale, gate: each (M, W)
        var normed = in_ln.call(h);
        var modulated = normed.add(mod[0]).addcmul(normed, mod[1], 1);  // LN(h)·(1 + scale) + shift
        return h.addcmul(mod[2], mlp.call(modulated), 1);
    }

    /// <summary>Whether <see cref="forward"/> takes <see cref="AdaLnResBlockFunction"/> for these inputs.</summary>
    internal bool RunsFused(Tensor h, Tensor activated)
    {
        using var noGrad = no_grad();
        var (fc1, fc2) = Linears;
        return AdaLnResBlockFunction.Applies(h, Modulation(activated), fc1, fc2, in_ln);
    }

    private Tensor Modulation(Tensor activated) => ((nn.Module<Tensor, Tensor>)adaLN_modulation[1]).call(activated);

    private (Linear Fc1, Linear Fc2) Linears => ((Linear)mlp[0], (Linear)mlp[2]);
}

/// <summary>Final AdaLN layer of <see cref="SimpleMlpAdaLn"/>: modulation and output linear start at zero.</summary>
public sealed class AdaLnFinalLayer : nn.Module
{
    private readonly LayerNorm norm_final;
    private readonly Linear linear;
    private readonly Sequential adaLN_modulation;

    public AdaLnFinalLayer(long width, long channels) : base(nameof(AdaLnFinalLayer))
    {
        norm_final = nn.LayerNorm(width, elementwise_affine: false, eps: 1e-6);
        linear = nn.Linear(width, channels);
        var modulation = nn.Linear(width, 2 * width);
        using (no_grad())
        {
            modulation.weight!.zero_(); modulation.bias!.zero_();
            linear.weight!.zero_(); linear.bias!.zero_();
        }
        adaLN_modulation = nn.Sequential(nn.SiLU(), modulation);
        RegisterComponents();
    }

    /// <summary>h (M, W), activated = SiLU(c) (M, W) -> (M, C).</summary>
    public Tensor forward(Tensor h, Tensor activated)
    {
        var mod = ((nn.Module<Tensor, Tensor>)adaLN_modulation[1]).call(activated).chunk(2, 1);  // shift, scale
        var normed = norm_final.call(h);
        return linear.call(normed.add(mod[0]).addcmul(normed, mod[1], 1));
    }
}
