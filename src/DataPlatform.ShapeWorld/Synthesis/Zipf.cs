namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>
/// A Zipf law over ranks 1..n: P(rank k) proportional to 1 / k^s. s = 0 is uniform; larger s gives a
/// longer tail (the first items dominate).
/// </summary>
public sealed class Zipf
{
    private readonly double[] _cumulative;

    public Zipf(int n, double exponent)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "must be at least 1");
        if (!(exponent >= 0)) throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "must be at least 0");
        Exponent = exponent;
        Probabilities = Weights(n, exponent);
        _cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += Probabilities[i];
            _cumulative[i] = sum;
        }
        _cumulative[n - 1] = 1.0;
    }

    public double Exponent { get; }

    /// <summary>P(index i), i = rank - 1.</summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>Draws an index in [0, n).</summary>
    public int Sample(SceneRandom random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (u < _cumulative[i]) return i;
        }
        return _cumulative.Length - 1;
    }

    private static double[] Weights(int n, double exponent)
    {
        var weights = new double[n];
        var total = 0.0;
        for (var k = 1; k <= n; k++)
        {
            weights[k - 1] = 1.0 / Math.Pow(k, exponent);
            total += weights[k - 1];
        }
        for (var i = 0; i < n; i++) weights[i] /= total;
        return weights;
    }
}
