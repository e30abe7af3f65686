using DataPlatform.Core;
using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Synthesis;
using DataPlatform.Testing;

namespace DataPlatform.ShapeWorld.Tests;

public sealed class HoldoutTests
{
    [Fact]
    public void Held_out_colour_shape_pairs_never_appear_in_generated_scenes()
    {
        // Colours and shapes uniform and many multi-object scenes, so every pair would show up often otherwise.
        var options = new SynthOptions { Width = 64, Height = 64, ColourZipf = 0, ShapeZipf = 0, CountZipf = 0, Seed = 11 };
        var sampler = new SceneSampler(options);
        var pairs = new HashSet<(string, ShapeKind)>();
        for (var i = 0; i < 5000; i++)
        {
            foreach (var o in sampler.Sample(i).Objects)
            {
                Assert.False(Holdout.Default.Contains(o.Colour, o.Shape), $"sample {i} shows held-out {o.Colour} {o.Shape.Name()}");
                pairs.Add((o.Colour, o.Shape));
            }
        }
        Assert.Equal(Palette.Colours.Count * ShapeKinds.All.Count - Holdout.Default.Pairs.Count, pairs.Count);
    }

    [Fact]
    public void Without_holdout_the_same_pairs_do_appear()
    {
        var sampler = new SceneSampler(new SynthOptions { ColourZipf = 0, ShapeZipf = 0, Holdout = Holdout.None, Seed = 11 });
        var seen = Enumerable.Range(0, 3000).SelectMany(i => sampler.Sample(i).Objects).Count(o => Holdout.Default.Contains(o.Colour, o.Shape));
        Assert.True(seen > 100, $"held-out pairs appeared only {seen} times without a holdout");
    }

    [Fact]
    public void Holdout_parses_specs_and_files_and_names_bad_items()
    {
        Assert.True(Holdout.Parse("red:star, cyan:square").Contains("cyan", ShapeKind.Square));
        Assert.Empty(Holdout.Parse("none").Pairs);
        Assert.Equal(Holdout.Default.ToString(), Holdout.Parse("default").ToString());

        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("holdout.txt"), "# held out\npink circle\norange:star\n");
        var fromFile = Holdout.Parse(dir.Combine("holdout.txt"));
        Assert.Equal(2, fromFile.Pairs.Count);
        Assert.True(fromFile.Contains("pink", ShapeKind.Circle));

        var ex = Assert.Throws<ConfigException>(() => Holdout.Parse("red:star,mauve:circle,blue:blob"));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("'mauve:circle'", ex.Errors[0]);
        Assert.Contains("'blue:blob'", ex.Errors[1]);
    }

    [Fact]
    public void Holding_out_every_shape_of_a_colour_is_refused()
    {
        var all = new Holdout(ShapeKinds.All.Select(s => ("red", s)));
        var ex = Assert.Throws<ConfigException>(() => new SynthOptions { Holdout = all }.Validate());
        Assert.Contains(ex.Errors, e => e.Contains("'red'"));
    }
}
