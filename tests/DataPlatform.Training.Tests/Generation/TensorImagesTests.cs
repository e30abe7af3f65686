using DataPlatform.Training.Generation;
using static TorchSharp.torch;

namespace DataPlatform.Training.Tests.Generation;

public class TensorImagesTests
{
    [Fact]
    public void Pixels_map_minus_one_to_0_and_one_to_255_clamping_outside_values_and_nan()
    {
        using var scope = NewDisposeScope();
        // one 1x6 image, the same values in R, G and B
        var values = new[] { -2f, -1f, 0f, 1f, 3f, float.NaN };
        var image = tensor(values).view(1, 1, 1, 6).expand(1, 3, 1, 6);

        var rgb = Assert.Single(TensorImages.ToRgb(image));

        byte[] expected = [0, 0, 128, 255, 255, 128];
        Assert.Equal(expected, Enumerable.Range(0, 6).Select(x => rgb.Pixels[x * 3]).ToArray());
    }

    [Fact]
    public void Channels_become_interleaved_rgb_in_row_major_order()
    {
        using var scope = NewDisposeScope();
        var image = full([2, 3, 2, 3], -1f);  // (B, 3, H, W)
        image[1, 0, 1, 2] = tensor(1f);  // image 1: red at row 1, column 2
        image[1, 2, 0, 0] = tensor(1f);  // image 1: blue at row 0, column 0

        var rgb = TensorImages.ToRgb(image);

        Assert.Equal((3, 2), (rgb[1].Width, rgb[1].Height));
        Assert.All(rgb[0].Pixels, b => Assert.Equal(0, b));
        Assert.Equal(255, rgb[1].Pixels[(1 * 3 + 2) * 3 + 0]);
        Assert.Equal(255, rgb[1].Pixels[2]);
        Assert.Equal(2, rgb[1].Pixels.Count(b => b != 0));
    }
}
