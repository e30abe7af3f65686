using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Checking;

/// <summary>The best-fitting kind of a component, its half extent, centroid and how well each kind fits.</summary>
/// <param name="Errors">Per kind (in <see cref="ShapeKinds.All"/> order): mean absolute coverage error over the window, per unit of mass.</param>
public sealed record FitResult(ShapeKind Shape, double HalfExtent, Point2 Centroid, double Mass, double[] Errors);

/// <summary>
/// Classifies a component by fitting each kind's exact geometry (<see cref="ShapeGeometry"/>) to the
/// observed coverage: the observed alpha of the component's colour in a window around it (pixels of
/// other objects count as 0) gives the mass and centroid; each kind is placed with that area and
/// centroid, rendered analytically, and compared pixel by pixel. The kind with the smallest error wins.
/// Comparing whole outlines uses every pixel (fill, corners, symmetry at once), which is what makes
/// small shapes at 32x32 separable under blur and noise.
/// </summary>
public static class ShapeFit
{
    private const int Pad = 2;

    public static FitResult Fit(RgbImage image, Rgb background, Rgb colour, int[] componentIds, int id, Box pixelBox)
    {
        int width = image.Width, height = image.Height;
        var x0 = Math.Max(0, (int)pixelBox.X0 - Pad);
        var y0 = Math.Max(0, (int)pixelBox.Y0 - Pad);
        var x1 = Math.Min(width, (int)pixelBox.X1 + Pad);
        var y1 = Math.Min(height, (int)pixelBox.Y1 + Pad);
        var ww = x1 - x0;
        var observed = new double[ww * (y1 - y0)];
        double mass = 0, sx = 0, sy = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var p = y * width + x;
                var owner = componentIds[p];
                var a = owner == id || owner < 0 ? Math.Clamp(PixelClassifier.Alpha(image, p, background, colour), -1, 1) : 0;
                observed[(y - y0) * ww + (x - x0)] = a;
                mass += a;
                sx += a * (x + 0.5);
                sy += a * (y + 0.5);
            }
        }
        mass = Math.Max(mass, 1e-6);
        var centroid = new Point2(sx / mass, sy / mass);
        var errors = new double[ShapeKinds.All.Count];
        var best = 0;
        for (var k = 0; k < errors.Length; k++)
        {
            var kind = ShapeKinds.All[k];
            var h = Math.Sqrt(mass / ShapeGeometry.Area(kind));
            var offset = ShapeGeometry.CentroidOffset(kind);
            double cx = centroid.X - offset.X * h, cy = centroid.Y - offset.Y * h;
            var error = 0.0;
            for (var y = y0; y < y1; y++)
            {
                for (var x = x0; x < x1; x++)
                {
                    var model = Math.Clamp(0.5 - ShapeGeometry.SignedDistance(kind, (x + 0.5 - cx) / h, (y + 0.5 - cy) / h) * h, 0, 1);
                    error += Math.Abs(model - observed[(y - y0) * ww + (x - x0)]);
                }
            }
            errors[k] = error / mass;
            if (errors[k] < errors[best]) best = k;
        }
        var shape = ShapeKinds.All[best];
        return new FitResult(shape, Math.Sqrt(mass / ShapeGeometry.Area(shape)), centroid, mass, errors);
    }
}
