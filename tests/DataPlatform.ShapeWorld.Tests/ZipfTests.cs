using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Synthesis;

namespace DataPlatform.ShapeWorld.Tests;

/// <summary>Frequencies follow the Zipf knobs, within 5 standard errors of the expected share.</summary>
public sealed class ZipfTests
{
    private const int N = 20_000;

    [Fact]
    public void Zipf_probabilities_follow_one_over_rank_to_the_power_s()
    {
        var zipf = new Zipf(8, 1.1);
        for (var k = 1; k < 8; k++)
        {
            Assert.Equal(Math.Pow((k + 1.0) / k, 1.1), zipf.Probabilities[k - 1] / zipf.Probabilities[k], 9);
        }
        Assert.Equal(1.0, zipf.Probabilities.Sum(), 9);
        Assert.All(new Zipf(5, 0).Probabilities, p => Assert.Equal(0.2, p, 9));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.1)]
    [InlineData(2.0)]
    public void Colour_and_shape_frequencies_match_their_zipf_exponents(double exponent)
    {
        var sampler = new SceneSampler(new SynthOptions
        {
            MaxObjects = 1, ColourZipf = exponent, ShapeZipf = exponent, Holdout = Holdout.None, Seed = 3,
        });
        var colours = new int[Palette.Colours.Count];
        var shapes = new int[ShapeKinds.All.Count];
        for (var i = 0; i < N; i++)
        {
            var obj = sampler.Sample(i).Objects[0];
            colours[Palette.IndexOf(obj.Colour)]++;
            shapes[(int)obj.Shape]++;
        }
        AssertFrequencies(colours, new Zipf(colours.Length, exponent).Probabilities, "colour");
        AssertFrequencies(shapes, new Zipf(shapes.Length, exponent).Probabilities, "shape");
    }

    [Fact]
    public void Object_counts_follow_the_count_exponent()
    {
        var sampler = new SceneSampler(new SynthOptions { Width = 64, Height = 64, MaxObjects = 4, CountZipf = 1.5, Seed = 4 });
        var counts = new int[4];
        for (var i = 0; i < N; i++) counts[sampler.Sample(i).Objects.Count - 1]++;
        AssertFrequencies(counts, new Zipf(4, 1.5).Probabilities, "object count");
    }

    private static void AssertFrequencies(int[] observed, IReadOnlyList<double> expected, string what)
    {
        var n = observed.Sum();
        for (var i = 0; i < observed.Length; i++)
        {
            var p = expected[i];
            var tolerance = 5 * Math.Sqrt(p * (1 - p) / n);
            var share = (double)observed[i] / n;
            Assert.True(Math.Abs(share - p) <= tolerance,
                $"{what} rank {i + 1}: share {share:0.0000}, expected {p:0.0000} +- {tolerance:0.0000}");
        }
    }
}
