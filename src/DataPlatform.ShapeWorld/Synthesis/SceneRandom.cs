namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>
/// A small, fast, seeded generator (xoshiro256**, seeded through SplitMix64). Each sample gets its own
/// stream from (seed, index), so samples are identical whatever the number of workers or their order.
/// </summary>
public sealed class SceneRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SceneRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The stream of sample <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static SceneRandom ForSample(long seed, long index)
    {
        var x = (ulong)seed * 0x9E3779B97F4A7C15UL ^ 0xD1B54A32D192ED03UL;
        var mixed = SplitMix(ref x) ^ ((ulong)index * 0xBF58476D1CE4E5B9UL);
        return new SceneRandom(SplitMix(ref mixed));
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        return (int)(NextDouble() * n);
    }

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
