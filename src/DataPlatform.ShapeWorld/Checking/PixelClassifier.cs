using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>
/// Labels each pixel with a palette colour or background. The background is the per-channel median of
/// the border pixels. A pixel p is explained, for every palette colour c, as a blend
/// bg + alpha (c - bg) (how the renderer anti-aliases); the colour with the smallest residual wins if
/// its alpha is at least <see cref="CheckerOptions.MinAlpha"/> and the residual is small. So an
/// anti-aliased red edge stays red instead of turning pink, and light noise stays background.
/// </summary>
public static class PixelClassifier
{
    public const int Background = -1;

    public static Rgb EstimateBackground(RgbImage image)
    {
        var r = new List<byte>();
        var g = new List<byte>();
        var b = new List<byte>();
        void Add(int x, int y)
        {
            var i = (y * image.Width + x) * 3;
            r.Add(image.Pixels[i]);
            g.Add(image.Pixels[i + 1]);
            b.Add(image.Pixels[i + 2]);
        }
        for (var x = 0; x < image.Width; x++)
        {
            Add(x, 0);
            Add(x, image.Height - 1);
        }
        for (var y = 1; y < image.Height - 1; y++)
        {
            Add(0, y);
            Add(image.Width - 1, y);
        }
        return new Rgb(Median(r), Median(g), Median(b));
    }

    /// <summary>Per pixel: the palette index (or <see cref="Background"/>) and the blend weight alpha.</summary>
    public static (int[] Labels, float[] Alpha) Classify(RgbImage image, Rgb background, CheckerOptions options)
    {
        var n = image.Width * image.Height;
        var labels = new int[n];
        var alphas = new float[n];
        var colours = Palette.Colours;
        var maxResidual = options.MaxResidual * options.MaxResidual;
        for (var p = 0; p < n; p++)
        {
            double dr = image.Pixels[3 * p] - background.R;
            double dg = image.Pixels[3 * p + 1] - background.G;
            double db = image.Pixels[3 * p + 2] - background.B;
            var best = Background;
            var bestResidual = double.MaxValue;
            var bestAlpha = 0.0;
            for (var c = 0; c < colours.Count; c++)
            {
                var rgb = colours[c].Rgb;
                double er = rgb.R - background.R, eg = rgb.G - background.G, eb = rgb.B - background.B;
                var alpha = (dr * er + dg * eg + db * eb) / (er * er + eg * eg + eb * eb);
                if (alpha <= 0.1) continue;
                var a = Math.Min(alpha, 1.0);
                double rr = dr - a * er, rg = dg - a * eg, rb = db - a * eb;
                var residual = rr * rr + rg * rg + rb * rb;
                if (residual < bestResidual)
                {
                    bestResidual = residual;
                    best = c;
                    bestAlpha = a;
                }
            }
            if (best != Background && bestAlpha >= options.MinAlpha && bestResidual <= maxResidual)
            {
                labels[p] = best;
                alphas[p] = (float)bestAlpha;
            }
            else
            {
                labels[p] = Background;
            }
        }
        return (labels, alphas);
    }

    /// <summary>The blend weight of pixel <paramref name="p"/> along background -> colour, unclamped (noise averages out).</summary>
    public static double Alpha(RgbImage image, int p, Rgb background, Rgb colour)
    {
        double dr = image.Pixels[3 * p] - background.R;
        double dg = image.Pixels[3 * p + 1] - background.G;
        double db = image.Pixels[3 * p + 2] - background.B;
        double er = colour.R - background.R, eg = colour.G - background.G, eb = colour.B - background.B;
        return (dr * er + dg * eg + db * eb) / (er * er + eg * eg + eb * eb);
    }

    private static byte Median(List<byte> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
