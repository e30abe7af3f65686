using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Position signal for an h x w token grid, by <see cref="PositionKind"/>:
/// VoPE: p = (i + 0.5)·s with s = sqrt(G² / (h·w)) (area normalised, aspect kept; s = 1 at the base grid);
/// IntegerRope: p = i; PerAxisRope: p_row = (i + 0.5)·G/h, p_col = (j + 0.5)·G/w;
/// LearnedAbsolute: a learned table over a MaxGridSide² grid, added to the tokens.
/// Rotary kinds: head dim split in halves for rows and columns, θ_k = b^(−4k/hd), k = 0..hd/4−1.
/// Text and buffer tokens get angle 0.
/// </summary>
public sealed class VisualPositions : nn.Module
{
    private readonly Parameter? pos_embed;
    private readonly PositionKind kind;
    private readonly long headDim;
    private readonly double ropeBase;
    private readonly int baseGrid;
    private readonly int maxGrid;

    public VisualPositions(PositionKind kind, long width, long heads, double ropeBase, int baseGridSide, int maxGridSide)
        : base(nameof(VisualPositions))
    {
        this.kind = kind;
        headDim = width / heads;
        this.ropeBase = ropeBase;
        baseGrid = baseGridSide;
        maxGrid = maxGridSide;
        if (kind == PositionKind.LearnedAbsolute)
        {
            pos_embed = new Parameter(empty(maxGridSide * maxGridSide, width));  // (Gmax², D)
            using (no_grad()) nn.init.trunc_normal_(pos_embed, std: 0.02);
        }
        RegisterComponents();
    }

    public bool IsRotary => kind != PositionKind.LearnedAbsolute;

    /// <summary>Row and column positions of every token of an h x w grid, row-major: two arrays of N.</summary>
    public (double[] rows, double[] cols) Positions(int h, int w)
    {
        double s = kind switch
        {
            PositionKind.VoPE => Math.Sqrt((double)baseGrid * baseGrid / ((double)h * w)),
            _ => 1.0,
        };
        var rows = new double[h * w];
        var cols = new double[h * w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
            {
                (rows[i * w + j], cols[i * w + j]) = kind switch
                {
                    PositionKind.VoPE => ((i + 0.5) * s, (j + 0.5) * s),
                    PositionKind.PerAxisRope => ((i + 0.5) * baseGrid / h, (j + 0.5) * baseGrid / w),
                    _ => (i, j),
                };
            }
        return (rows, cols);
    }

    /// <summary>Rotary angles of every grid token: (N, hd/2), first hd/4 for rows, last hd/4 for columns.</summary>
    public Tensor GridAngles(int h, int w, Device device)
    {
        var (rows, cols) = Positions(h, w);
        long quarter = headDim / 4;
        var angles = new float[h * w * 2 * quarter];
        for (int n = 0; n < h * w; n++)
            for (int k = 0; k < quarter; k++)
            {
                double theta = Math.Pow(ropeBase, -4.0 * k / headDim);
                angles[n * 2 * quarter + k] = (float)(rows[n] * theta);
                angles[n * 2 * quarter + quarter + k] = (float)(cols[n] * theta);
            }
        return tensor(angles, [h * w, 2 * quarter], device: device);  // (N, hd/2)
    }

    /// <summary>Angles for an image stream of [buffer (G), tokens at idx]: idx (B, M) -> (B, G + M, hd/2).</summary>
    public Tensor StreamAngles(Tensor gridAngles, Tensor idx, long buffer)
    {
        var picked = gridAngles.index_select(0, idx.flatten()).view(idx.shape[0], idx.shape[1], gridAngles.shape[1]);  // (B, M, hd/2)
        var zeros = torch.zeros(idx.shape[0], buffer, picked.shape[2], device: picked.device);  // (B, G, hd/2)
        return cat([zeros, picked], 1);
    }

    /// <summary>Learned absolute positions of tokens at idx of an h x w grid: (B, M) -> (B, M, D).</summary>
    public Tensor Absolute(Tensor idx, int h, int w)
    {
        if (pos_embed is null) throw new InvalidOperationException("learned absolute positions are not enabled");
        if (h > maxGrid || w > maxGrid)
            throw new ArgumentException($"token grid {h}x{w} exceeds model.max_grid_side {maxGrid} of learned absolute positions");
        var table = torch.arange(h * w, device: idx.device);
        var gridIndex = table.div(w, rounding_mode: RoundingMode.floor).mul(maxGrid).add(table.remainder(w));  // (N)
        var rowsAt = gridIndex.index_select(0, idx.flatten());
        return pos_embed.index_select(0, rowsAt).view(idx.shape[0], idx.shape[1], pos_embed.shape[1]);
    }
}
