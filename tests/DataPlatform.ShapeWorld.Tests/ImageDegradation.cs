using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Synthesis;

namespace DataPlatform.ShapeWorld.Tests;

/// <summary>Mild degradations a generated image may show: Gaussian blur and additive Gaussian noise.</summary>
internal static class ImageDegradation
{
    public static RgbImage Blur(RgbImage image, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[2 * radius + 1];
        for (var k = -radius; k <= radius; k++) kernel[k + radius] = Math.Exp(-k * k / (2 * sigma * sigma));
        var sum = kernel.Sum();
        for (var k = 0; k < kernel.Length; k++) kernel[k] /= sum;
        var horizontal = Convolve(image.Pixels, image.Width, image.Height, kernel, radius, 1, 0);
        var both = Convolve(horizontal, image.Width, image.Height, kernel, radius, 0, 1);
        return new RgbImage(image.Width, image.Height, both.Select(v => (byte)Math.Clamp(Math.Round(v), 0, 255)).ToArray());
    }

    public static RgbImage Noise(RgbImage image, double sigma, SceneRandom random)
    {
        var pixels = new byte[image.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            // Box-Muller
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            pixels[i] = (byte)Math.Clamp(Math.Round(image.Pixels[i] + sigma * z), 0, 255);
        }
        return new RgbImage(image.Width, image.Height, pixels);
    }

    private static double[] Convolve(IReadOnlyList<byte> src, int w, int h, double[] kernel, int radius, int sx, int sy) =>
        Convolve(src.Select(b => (double)b).ToArray(), w, h, kernel, radius, sx, sy);

    private static double[] Convolve(double[] src, int w, int h, double[] kernel, int radius, int sx, int sy)
    {
        var dst = new double[src.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var acc = 0.0;
                    for (var k = -radius; k <= radius; k++)
                    {
                        var xx = Math.Clamp(x + k * sx, 0, w - 1);
                        var yy = Math.Clamp(y + k * sy, 0, h - 1);
                        acc += kernel[k + radius] * src[(yy * w + xx) * 3 + c];
                    }
                    dst[(y * w + x) * 3 + c] = acc;
                }
            }
        }
        return dst;
    }
}
