using DataPlatform.Core;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Synthesis;

namespace DataPlatform.ShapeWorld.Tests;

public sealed class CanvasTests
{
    [Theory]
    [InlineData(16, 16)]
    [InlineData(16, 64)]
    [InlineData(64, 16)]
    [InlineData(17, 23)]
    [InlineData(100, 25)]
    [InlineData(48, 32)]
    public void Any_canvas_from_16_px_and_aspect_1_to_4_holds_separated_objects_inside_the_border(int width, int height)
    {
        var options = new SynthOptions { Width = width, Height = height, MaxObjects = 4, CountZipf = 0, Seed = 21 };
        var sampler = new SceneSampler(options);
        var gap = SceneGeometry.Gap(width, height);
        for (var i = 0; i < 300; i++)
        {
            var scene = sampler.Sample(i);
            foreach (var o in scene.Objects)
            {
                Assert.True(o.Bbox.X0 >= 0 && o.Bbox.Y0 >= 0 && o.Bbox.X1 <= width && o.Bbox.Y1 <= height,
                    $"sample {i}: {o.Shape.Name()} box {o.Bbox} leaves the {width}x{height} canvas");
            }
            for (var a = 0; a < scene.Objects.Count; a++)
            {
                for (var b = a + 1; b < scene.Objects.Count; b++)
                {
                    Assert.False(scene.Objects[a].Bbox.IntersectsWithGap(scene.Objects[b].Bbox, gap), $"sample {i}: objects {a} and {b} touch");
                }
            }
            Assert.Equal(width * height * 3, Rasteriser.Render(scene).Length);
        }
    }

    [Theory]
    [InlineData(15, 32)]
    [InlineData(16, 65)]
    [InlineData(200, 49)]
    public void Canvases_below_16_px_or_beyond_4_to_1_are_refused(int width, int height)
    {
        var ex = Assert.Throws<ConfigException>(() => new SynthOptions { Width = width, Height = height }.Validate());
        Assert.Contains(ex.Errors, e => e.Contains($"was {Math.Min(width, height)}") || e.Contains($"was {width}x{height}"));
    }

    [Fact]
    public void Edges_are_anti_aliased()
    {
        var scene = new Scene(32, 32, "white", [SceneGeometry.Place(ShapeKind.Circle, "blue", SizeClass.Large, 6.3, 16, 16)],
            SceneCategory.Single, null, "a blue circle", null);
        var pixels = Rasteriser.Render(scene);
        var blue = Palette.TryFind("blue")!.Rgb;
        var background = scene.BackgroundRgb;
        var partial = Enumerable.Range(0, 32 * 32).Count(p => pixels[3 * p] != blue.R && pixels[3 * p] != background.R);
        Assert.True(partial >= 20, $"only {partial} pixels are blends of colour and background on a circle's edge");
    }
}
