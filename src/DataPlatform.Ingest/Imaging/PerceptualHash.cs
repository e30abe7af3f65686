using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DataPlatform.Ingest.Imaging;

/// <summary>
/// 64-bit DCT perceptual hash (pHash): the image is reduced to 32x32 grey, transformed with a 2-D
/// DCT-II, and the 8x8 lowest frequencies are compared with their median (the DC term excluded from
/// the median): bit i is set when coefficient i is above it. Re-encoded or resized copies land within
/// a few bits; different images differ in about half of them.
/// </summary>
public static class PerceptualHash
{
    private const int N = 32;
    private const int K = 8;

    // Cos[u, x] = cos((2x + 1) u pi / 2N), for the K low frequencies u.
    private static readonly double[,] Cos = BuildCos();

    public static long Compute(Image<Rgb24> image)
    {
        using var small = image.Clone(x => x.Resize(N, N, KnownResamplers.Box));
        var grey = new double[N, N];
        small.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < N; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < N; x++) grey[y, x] = 0.299 * row[x].R + 0.587 * row[x].G + 0.114 * row[x].B;
            }
        });
        // Separable DCT: rows first (K coefficients per row), then columns.
        var rowsDct = new double[N, K];
        for (var y = 0; y < N; y++)
            for (var u = 0; u < K; u++)
            {
                var sum = 0.0;
                for (var x = 0; x < N; x++) sum += grey[y, x] * Cos[u, x];
                rowsDct[y, u] = sum;
            }
        var coefficients = new double[K * K];
        for (var v = 0; v < K; v++)
            for (var u = 0; u < K; u++)
            {
                var sum = 0.0;
                for (var y = 0; y < N; y++) sum += rowsDct[y, u] * Cos[v, y];
                coefficients[v * K + u] = sum;
            }
        var median = Median(coefficients.AsSpan(1));
        var hash = 0L;
        for (var i = 0; i < K * K; i++)
        {
            if (coefficients[i] > median) hash |= 1L << i;
        }
        return hash;
    }

    /// <summary>Number of differing bits.</summary>
    public static int Distance(long a, long b) => System.Numerics.BitOperations.PopCount((ulong)(a ^ b));

    private static double Median(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double[,] BuildCos()
    {
        var table = new double[K, N];
        for (var u = 0; u < K; u++)
            for (var x = 0; x < N; x++)
                table[u, x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * N));
        return table;
    }
}
