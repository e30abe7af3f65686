using DataPlatform.Core;

namespace DataPlatform.Stats.Synthetic;

/// <summary>
/// A generated lake with a known long tail, for tests and the benchmark: concepts drawn from a Zipf
/// distribution (p(rank k) ∝ k^-s) with a seeded RNG, realistic metadata, tiny image bytes (statistics
/// never decode images).
/// </summary>
/// <param name="Samples">Samples to write (default 2000).</param>
/// <param name="Concepts">Vocabulary size; concepts are named <c>c0000</c>, <c>c0001</c>... in rank order (default 200).</param>
/// <param name="ZipfExponent">s in p(k) ∝ k^-s (default 1.1).</param>
/// <param name="MaxConceptsPerSample">Each sample draws 0..this many distinct concepts (default 3; 0 draws happen ~5% of the time).</param>
/// <param name="Rejects">Reject rows to write, reasons drawn uniformly from <see cref="RejectReason"/> (default 50).</param>
/// <param name="ImageBytes">Size of each sample's (random, incompressible) image bytes (default 64).</param>
/// <param name="Seed">RNG seed (default 7).</param>
public sealed record ZipfLakeSpec(
    int Samples = 2000,
    int Concepts = 200,
    double ZipfExponent = 1.1,
    int MaxConceptsPerSample = 3,
    int Rejects = 50,
    int ImageBytes = 64,
    int Seed = 7)
{
    /// <summary>Resolution buckets (h, w) and their relative weights.</summary>
    public static readonly IReadOnlyList<(int H, int W, double Weight)> Buckets =
    [
        (256, 256, 8), (224, 288, 4), (288, 224, 3), (192, 336, 2), (336, 192, 1), (160, 400, 0.5), (400, 160, 0.25),
    ];

    public void Validate(Validation v, string prefix = "synthetic")
    {
        v.AtLeast($"{prefix}.samples", Samples, 0);
        v.AtLeast($"{prefix}.concepts", Concepts, 1);
        v.AtLeast($"{prefix}.zipf_exponent", ZipfExponent, 0.0);
        v.AtLeast($"{prefix}.max_concepts_per_sample", MaxConceptsPerSample, 0);
        if (MaxConceptsPerSample > Concepts)
        {
            v.Add($"{prefix}.max_concepts_per_sample must be at most concepts ({Concepts}), was {MaxConceptsPerSample}");
        }
        v.AtLeast($"{prefix}.rejects", Rejects, 0);
        v.AtLeast($"{prefix}.image_bytes", ImageBytes, 1);
    }

    public static string ConceptName(int rank0) => $"c{rank0:D4}";
}
