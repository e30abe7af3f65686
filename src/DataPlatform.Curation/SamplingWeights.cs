using DataPlatform.Core;

namespace DataPlatform.Curation;

/// <summary>
/// The probability of drawing each sample of a <see cref="SampleIndex"/> (by ordinal), normalised to sum 1,
/// with a version name. Immutable: the stream swaps whole instances. Built from a table keyed by sample id
/// (a weights snapshot); samples the table does not name (ingested after it was computed) get the mean
/// weight of those it names, so new data is neither starved nor favoured.
/// </summary>
public sealed class SamplingWeights
{
    private SamplingWeights(string version, double[] values)
    {
        Version = version;
        Values = values;
    }

    public string Version { get; }

    /// <summary>Weight per index ordinal; sums to 1.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Samples that the source table did not name and got the mean weight.</summary>
    public int Imputed { get; private init; }

    public static SamplingWeights Uniform(SampleIndex index) =>
        new("uniform", Enumerable.Repeat(1.0 / index.Samples.Count, index.Samples.Count).ToArray());

    /// <summary>Weights by sample id; every value must be finite and non-negative, and their total positive.</summary>
    public static SamplingWeights FromTable(SampleIndex index, IReadOnlyDictionary<string, double> bySampleId, string version)
    {
        var bad = bySampleId.Where(kv => !double.IsFinite(kv.Value) || kv.Value < 0).Take(3).ToList();
        if (bad.Count > 0)
            throw new InvalidInputException($"weights '{version}': weights must be finite and >= 0, got " +
                string.Join(", ", bad.Select(kv => $"{kv.Value} for sample {kv.Key}")));
        var known = index.Samples.Select(s => bySampleId.TryGetValue(s.SampleId, out var w) ? w : double.NaN).ToArray();
        var present = known.Where(double.IsFinite).ToList();
        double mean = present.Count > 0 ? present.Average() : 1.0;
        int imputed = 0;
        for (int i = 0; i < known.Length; i++)
        {
            if (double.IsFinite(known[i])) continue;
            known[i] = mean;
            imputed++;
        }
        return FromValues(known, version).With(imputed);
    }

    /// <summary>Weights by ordinal (length = index size), normalised here.</summary>
    public static SamplingWeights FromValues(IReadOnlyList<double> values, string version)
    {
        double total = 0;
        foreach (var w in values)
        {
            if (!double.IsFinite(w) || w < 0) throw new InvalidInputException($"weights '{version}': every weight must be finite and >= 0, got {w}");
            total += w;
        }
        if (total <= 0) throw new InvalidInputException($"weights '{version}': all {values.Count} weights are zero; nothing could be drawn");
        return new SamplingWeights(version, values.Select(w => w / total).ToArray());
    }

    private SamplingWeights With(int imputed) => new(Version, (double[])Values) { Imputed = imputed };

    /// <summary>Writes the values as little-endian doubles after a header with the index fingerprint and version.</summary>
    public void Save(string path, string indexFingerprint)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(indexFingerprint);
            writer.Write(Version);
            writer.Write(Values.Count);
            foreach (var w in Values) writer.Write(w);
            writer.Flush();
            stream.Flush(true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads what <see cref="Save"/> wrote; fails if it was saved for another index.</summary>
    public static SamplingWeights Load(string path, SampleIndex index)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var fingerprint = reader.ReadString();
        if (fingerprint != index.Fingerprint)
            throw new InvalidInputException($"{path} holds weights of another sample index ({fingerprint[..12]}…, expected {index.Fingerprint[..12]}…)");
        var version = reader.ReadString();
        int n = reader.ReadInt32();
        if (n != index.Samples.Count) throw new InvalidInputException($"{path} holds {n} weights, the index has {index.Samples.Count} samples");
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = reader.ReadDouble();
        return new SamplingWeights(version, values);
    }
}
