using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class PositionTests
{
    private const int Heads = 2, Width = 32;  // head dim 16

    private static VisualPositions Positions(PositionKind kind) => new(kind, Width, Heads, 10000, baseGridSide: 8, maxGridSide: 32);

    /// <summary>Rotates q (1, 1, N, hd) at every token of an h x w grid.</summary>
    private static Tensor RotateAll(VisualPositions positions, Tensor q, int h, int w) =>
        RopeAngles.FromAngles(positions.GridAngles(h, w, CPU).unsqueeze(0)).Rotate(q);

    [Theory]
    [InlineData(PositionKind.VoPE)]
    [InlineData(PositionKind.IntegerRope)]
    [InlineData(PositionKind.PerAxisRope)]
    public void Rotary_positions_preserve_norms(PositionKind kind)
    {
        using var scope = NewDisposeScope();
        var q = randn(1, 1, 6 * 10, Width / Heads);
        var rotated = RotateAll(Positions(kind), q, 6, 10);
        Assert.False(rotated.allclose(q), "rotation must change the vectors");
        Assert.True(rotated.pow(2).sum(3).sqrt().allclose(q.pow(2).sum(3).sqrt(), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Rotation_turns_each_consecutive_pair_by_its_angle()
    {
        using var scope = NewDisposeScope();
        var angles = rand(2, 5, 8).mul(6);  // (B, S, hd/2)
        var x = randn(2, 3, 5, 16);  // (B, H, S, hd)
        var (cos, sin) = (angles.cos().unsqueeze(1), angles.sin().unsqueeze(1));  // (B, 1, S, hd/2)
        var (x0, x1) = (x[.., .., .., TensorIndex.Slice(0, null, 2)], x[.., .., .., TensorIndex.Slice(1, null, 2)]);

        var expected = stack([x0.mul(cos).sub(x1.mul(sin)), x0.mul(sin).add(x1.mul(cos))], 4).view(2, 3, 5, 16);

        Assert.True(RopeAngles.FromAngles(angles).Rotate(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [InlineData(PositionKind.VoPE)]
    [InlineData(PositionKind.IntegerRope)]
    public void Attention_scores_depend_only_on_the_relative_offset(PositionKind kind)
    {
        using var scope = NewDisposeScope();
        var positions = Positions(kind);
        var q = randn(1, 1, 1, 16).expand(1, 1, 64, 16).contiguous();
        var k = randn(1, 1, 1, 16).expand(1, 1, 64, 16).contiguous();
        var qr = RotateAll(positions, q, 8, 8)[0, 0];
        var kr = RotateAll(positions, k, 8, 8)[0, 0];
        float Score(int i1, int j1, int i2, int j2) => qr[i1 * 8 + j1].dot(kr[i2 * 8 + j2]).item<float>();
        // the same offset (+2 rows, −1 column) from two different places gives the same score
        Assert.Equal(Score(1, 3, 3, 2), Score(4, 6, 6, 5), 4);
        // a different offset gives a different score
        Assert.NotEqual(Score(1, 3, 3, 2), Score(1, 3, 1, 3), 3);
    }

    [Fact]
    public void VoPE_equals_integer_RoPE_at_the_base_grid_and_rescales_elsewhere()
    {
        using var scope = NewDisposeScope();
        var q = randn(1, 1, 64, 16);
        var k = randn(1, 1, 64, 16);
        Tensor Scores(PositionKind kind, int h, int w, Tensor a, Tensor b) =>
            RotateAll(Positions(kind), a, h, w).matmul(RotateAll(Positions(kind), b, h, w).transpose(2, 3));
        // at the base grid (8 x 8) VoPE positions are integer positions + 0.5: all relative offsets equal
        Assert.True(Scores(PositionKind.VoPE, 8, 8, q, k).allclose(Scores(PositionKind.IntegerRope, 8, 8, q, k), rtol: 1e-4, atol: 1e-4));
        // at 16 x 16 VoPE halves the step (same image extent), integer RoPE does not
        var (vopeRows, _) = Positions(PositionKind.VoPE).Positions(16, 16);
        Assert.Equal(0.25, vopeRows[0], 6);
        Assert.Equal(0.5, vopeRows[16] - vopeRows[0], 6);
        // non-square 4 x 16 keeps the area (s = sqrt(64 / 64) = 1) and the aspect ratio
        var (rows, cols) = Positions(PositionKind.VoPE).Positions(4, 16);
        Assert.Equal(1.0, rows[16] - rows[0], 6);
        Assert.Equal(1.0, cols[1] - cols[0], 6);
        var (axisRows, axisCols) = Positions(PositionKind.PerAxisRope).Positions(4, 16);
        Assert.Equal(2.0, axisRows[16] - axisRows[0], 6);
        Assert.Equal(0.5, axisCols[1] - axisCols[0], 6);
    }

    [Fact]
    public void Text_and_buffer_tokens_are_not_rotated()
    {
        using var scope = NewDisposeScope();
        var positions = Positions(PositionKind.VoPE);
        var angles = positions.StreamAngles(positions.GridAngles(8, 8, CPU), tensor(new long[] { 5, 9 }, [1, 2]), buffer: 3);  // (1, 3 + 2, hd/2)
        Assert.Equal(0f, angles[0, ..3].abs().max().item<float>());
        Assert.True(angles[0, 3..].abs().max().item<float>() > 0);
    }
}
