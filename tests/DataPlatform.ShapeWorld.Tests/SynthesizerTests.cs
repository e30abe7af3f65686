using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Synthesis;
using DataPlatform.Testing;

namespace DataPlatform.ShapeWorld.Tests;

public sealed class SynthesizerTests
{
    private static SynthOptions Options(long seed, int workers) =>
        new() { Count = 300, Seed = seed, Workers = workers, Enhanced = true };

    [Fact]
    public void Same_seed_writes_byte_identical_output_whatever_the_number_of_workers()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        new ShapeWorldSynthesizer(Options(5, workers: 1), TimeProvider.System).Run(a.Path);
        new ShapeWorldSynthesizer(Options(5, workers: 2), TimeProvider.System).Run(b.Path);

        var filesA = Directory.GetFiles(a.Path).Select(Path.GetFileName).Order().ToList();
        var filesB = Directory.GetFiles(b.Path).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(filesA, filesB);
        Assert.Equal(300 * 3 + 2, filesA.Count); // png + txt + enhanced.txt per sample, scenes.jsonl, synth.json
        foreach (var name in filesA)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a.Path, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.Path, name!))),
                $"{name} differs between two runs with the same seed");
        }
    }

    [Fact]
    public void Another_seed_gives_other_scenes()
    {
        var one = new SceneSampler(new SynthOptions { Seed = 1 });
        var two = new SceneSampler(new SynthOptions { Seed = 2 });
        var differing = Enumerable.Range(0, 50).Count(i => one.Sample(i).Caption != two.Sample(i).Caption
                                                            || !Rasteriser.Render(one.Sample(i)).SequenceEqual(Rasteriser.Render(two.Sample(i))));
        Assert.True(differing >= 45, $"only {differing} of 50 samples differ between seeds 1 and 2");
    }

    [Fact]
    public void Output_has_caption_sidecars_and_ground_truth_that_match_the_pixels()
    {
        using var dir = new TempDirectory();
        var options = new SynthOptions { Count = 40, Seed = 9 };
        new ShapeWorldSynthesizer(options, TimeProvider.System).Run(dir.Path);

        var lines = File.ReadAllLines(dir.Combine(ShapeWorldSynthesizer.ScenesFile));
        Assert.Equal(40, lines.Length);
        var sampler = new SceneSampler(options);
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = System.Text.Json.JsonDocument.Parse(lines[i]);
            var id = json.RootElement.GetProperty("id").GetString()!;
            Assert.Equal($"shape-{i:000000}", id);
            var caption = File.ReadAllText(dir.Combine(id + ".txt")).TrimEnd('\n');
            Assert.Equal(json.RootElement.GetProperty("caption").GetString(), caption);
            var scene = sampler.Sample(i);
            Assert.Equal(scene.Caption, caption);
            Assert.Equal(scene.Objects.Count, json.RootElement.GetProperty("objects").GetArrayLength());
            var decoded = PngCodec.Decode(dir.Combine(id + ".png"));
            Assert.Equal(Rasteriser.Render(scene), decoded.Pixels); // PNG is lossless: the pixels are the rendered scene
        }
        Assert.False(File.Exists(dir.Combine("shape-000000.enhanced.txt")), "enhanced captions are off by default");
    }

    [Fact]
    public void Without_sidecars_only_images_and_the_ground_truth_are_written()
    {
        using var dir = new TempDirectory();
        new ShapeWorldSynthesizer(new SynthOptions { Count = 10, Sidecars = false, Enhanced = true }, TimeProvider.System).Run(dir.Path);
        Assert.Equal(10, Directory.GetFiles(dir.Path, "*.png").Length);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.txt"));
        Assert.Equal(10, File.ReadAllLines(dir.Combine(ShapeWorldSynthesizer.ScenesFile)).Length);
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var bad = new SynthOptions { Count = 0, Width = 15, Height = 32, ColourZipf = -1, MaxObjects = 5 };
        var ex = Assert.Throws<DataPlatform.Core.ConfigException>(bad.Validate);
        Assert.Contains("synth.count must be at least 1, was 0", ex.Errors);
        Assert.Contains("synth.width must be at least 16, was 15", ex.Errors);
        Assert.Contains(ex.Errors, e => e.StartsWith("synth.colour_zipf must be in [0, 10], was -1"));
        Assert.Contains("synth.max_objects must be in [1, 4], was 5", ex.Errors);
    }
}
