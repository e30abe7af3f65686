using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Synthesis;
using Xunit.Abstractions;

namespace DataPlatform.ShapeWorld.Tests;

/// <summary>
/// The checker must read rendered ground truth back: same multiset of (shape, colour, size) and the same
/// relations (see <see cref="GroundTruthAgreement"/>) on at least 99% of 500 scenes per canvas.
/// </summary>
public sealed class CheckerAgreementTests(ITestOutputHelper output)
{
    private const int Scenes = 500;

    [Theory]
    [InlineData(32, 32, 2)]
    [InlineData(32, 32, 4)]
    [InlineData(64, 64, 4)]
    [InlineData(48, 32, 2)]
    [InlineData(32, 64, 3)]
    public void Checker_agrees_with_scene_json_on_at_least_99_percent_of_clean_renders(int width, int height, int maxObjects)
    {
        var agreement = Agreement(width, height, maxObjects, image => image);
        Assert.True(agreement >= 0.99, $"agreement {agreement:P1} at {width}x{height} is below 99%");
    }

    [Theory]
    [InlineData(32, 32, 2)]
    [InlineData(64, 64, 4)]
    [InlineData(48, 32, 2)]
    public void Checker_stays_correct_under_mild_blur(int width, int height, int maxObjects)
    {
        var agreement = Agreement(width, height, maxObjects, image => ImageDegradation.Blur(image, 0.5));
        Assert.True(agreement >= 0.98, $"agreement {agreement:P1} at {width}x{height} with blur sigma 0.5 px is below 98%");
    }

    [Theory]
    [InlineData(32, 32, 2)]
    [InlineData(64, 64, 4)]
    [InlineData(48, 32, 2)]
    public void Checker_stays_correct_under_mild_noise(int width, int height, int maxObjects)
    {
        var noise = new SceneRandom(99);
        var agreement = Agreement(width, height, maxObjects, image => ImageDegradation.Noise(image, 8, noise));
        Assert.True(agreement >= 0.98, $"agreement {agreement:P1} at {width}x{height} with noise sigma 8 is below 98%");
    }

    private double Agreement(int width, int height, int maxObjects, Func<RgbImage, RgbImage> degrade)
    {
        var options = new SynthOptions
        {
            Width = width, Height = height, MaxObjects = maxObjects, Seed = 1234,
            ColourZipf = 0, ShapeZipf = 0, CountZipf = 0, Holdout = Holdout.None,
        };
        var sampler = new SceneSampler(options);
        var checker = new SceneChecker();
        var agreed = 0;
        for (var i = 0; i < Scenes; i++)
        {
            var scene = sampler.Sample(i);
            var found = checker.Detect(degrade(RgbImage.Of(scene)));
            var why = GroundTruthAgreement.Disagreement(scene, found);
            if (why is null) agreed++;
            else output.WriteLine($"scene {i} '{scene.Caption}': {why} [{string.Join("; ", found)}]");
        }
        var agreement = (double)agreed / Scenes;
        output.WriteLine($"{width}x{height}: {agreed}/{Scenes} = {agreement:P1}");
        return agreement;
    }
}
