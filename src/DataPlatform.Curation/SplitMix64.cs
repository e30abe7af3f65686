namespace DataPlatform.Curation;

/// <summary>
/// SplitMix64: a small counter-based generator whose output is fixed by its algorithm (System.Random's is not
/// guaranteed across .NET versions), so a stream seeded by (seed, step) draws the same batch on every machine.
/// </summary>
public struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>A generator for one (seed, step) pair: the two are mixed so neighbouring steps are unrelated.</summary>
    public static SplitMix64 For(long seed, long step)
    {
        var mixer = new SplitMix64((ulong)seed);
        ulong a = mixer.Next();
        return new SplitMix64(a ^ (ulong)step * 0xD1B54A32D192ED03UL);
    }

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
