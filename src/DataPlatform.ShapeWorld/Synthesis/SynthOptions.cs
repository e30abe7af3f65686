using DataPlatform.Core;

namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>
/// What <see cref="ShapeWorldSynthesizer"/> generates. Every field has a documented default; call
/// <see cref="Validate"/> (done by the synthesizer) to get every problem at once.
/// </summary>
public sealed record SynthOptions
{
    /// <summary>Number of samples. Default 1000.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Canvas width in pixels, at least 16. Default 32.</summary>
    public int Width { get; init; } = 32;

    /// <summary>Canvas height in pixels, at least 16; aspect ratio within 1:4 .. 4:1. Default 32.</summary>
    public int Height { get; init; } = 32;

    /// <summary>Seed of every random choice: the same seed gives byte-identical output. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Zipf exponent over the palette colours in rank order (0 = uniform). Default 1.1.</summary>
    public double ColourZipf { get; init; } = 1.1;

    /// <summary>Zipf exponent over the shape kinds in rank order (0 = uniform). Default 1.1.</summary>
    public double ShapeZipf { get; init; } = 1.1;

    /// <summary>Zipf exponent over the number of objects 1..MaxObjects (0 = uniform). Default 1.1.</summary>
    public double CountZipf { get; init; } = 1.1;

    /// <summary>
    /// Most objects in a scene, 1..4. Default 4, which prompt set v1's counting task needs; four small
    /// objects stay separable at 32x32 (checker test). Set 1 or 2 for an easier curriculum.
    /// </summary>
    public int MaxObjects { get; init; } = 4;

    /// <summary>Share of multi-object scenes that are counting scenes (one kind, one colour). Default 0.3.</summary>
    public double CountingFraction { get; init; } = 0.3;

    /// <summary>Share of two-object captions that state a spatial relation (the rest say "and"). Default 0.7.</summary>
    public double RelationFraction { get; init; } = 0.7;

    /// <summary>Share of captions that leave colours out ("a circle and a square"). Default 0.2.</summary>
    public double ColourlessFraction { get; init; } = 0.2;

    /// <summary>Share of object phrases that state the size ("a small red circle"). Default 0.3.</summary>
    public double SizeMentionFraction { get; init; } = 0.3;

    /// <summary>Share of objects drawn large. Default 0.5.</summary>
    public double LargeFraction { get; init; } = 0.5;

    /// <summary>Colour + shape pairs never generated. Default: the held-out split of prompt set v1.</summary>
    public Holdout Holdout { get; init; } = Holdout.Default;

    /// <summary>Also write a longer "enhanced" caption per sample. Default false.</summary>
    public bool Enhanced { get; init; }

    /// <summary>
    /// Write <c>&lt;id&gt;.txt</c> caption sidecars. Default true. Off, captions live only in scenes.jsonl
    /// (a JSONL manifest with "file" and "caption"), which halves the files created: on this machine each
    /// file creation costs about 0.2 ms of CPU, more than rendering and encoding a 32x32 sample.
    /// </summary>
    public bool Sidecars { get; init; } = true;

    /// <summary>Worker threads; the output does not depend on it. Default: the processor count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Prefix of sample file names ("shape-000042.png"). Default "shape".</summary>
    public string IdPrefix { get; init; } = "shape";

    public void Validate()
    {
        var v = new Validation();
        v.AtLeast("synth.count", Count, 1)
            .AtLeast("synth.width", Width, 16)
            .AtLeast("synth.height", Height, 16)
            .InRange("synth.colour_zipf", ColourZipf, 0, 10)
            .InRange("synth.shape_zipf", ShapeZipf, 0, 10)
            .InRange("synth.count_zipf", CountZipf, 0, 10)
            .InRange("synth.counting_fraction", CountingFraction, 0, 1)
            .InRange("synth.relation_fraction", RelationFraction, 0, 1)
            .InRange("synth.colourless_fraction", ColourlessFraction, 0, 1)
            .InRange("synth.size_mention_fraction", SizeMentionFraction, 0, 1)
            .InRange("synth.large_fraction", LargeFraction, 0, 1)
            .AtLeast("synth.workers", Workers, 1)
            .NotEmpty("synth.id_prefix", IdPrefix);
        if (Width >= 16 && Height >= 16 && (Width > 4 * Height || Height > 4 * Width))
        {
            v.Add($"synth.size aspect ratio must be within 1:4 .. 4:1, was {Width}x{Height}");
        }
        if (MaxObjects is < 1 or > 4) v.Add($"synth.max_objects must be in [1, 4], was {MaxObjects}");
        if (IdPrefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || IdPrefix.Contains('.'))
        {
            v.Add($"synth.id_prefix must be a plain file name part without '.', was '{IdPrefix}'");
        }
        foreach (var colour in Scenes.Palette.Colours)
        {
            if (Scenes.ShapeKinds.All.All(shape => Holdout.Contains(colour.Name, shape)))
            {
                v.Add($"synth.holdout must leave at least one shape for every colour, but holds out every shape of '{colour.Name}'");
            }
        }
        v.ThrowIfInvalid();
    }

    /// <summary>Parses "32x32" (width x height).</summary>
    public static (int Width, int Height) ParseSize(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out var w) && int.TryParse(parts[1], out var h)) return (w, h);
        throw new ConfigException([$"synth.size must be WIDTHxHEIGHT such as 32x32, was '{text}'"]);
    }
}
