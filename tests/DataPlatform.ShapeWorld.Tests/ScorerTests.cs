using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Testing;

namespace DataPlatform.ShapeWorld.Tests;

/// <summary>Correct images pass every prompt; images with a swapped colour, a missing object, a wrong relation or a wrong count fail.</summary>
public sealed class ScorerTests
{
    private static readonly PromptSet V1 = PromptSet.V1();
    private static readonly SceneChecker Checker = new();

    private static Verdict Judge(PromptSpec prompt, Scene scene) =>
        PromptJudge.Judge(prompt, Checker.Detect(RgbImage.Of(scene)), scene.Width, scene.Height);

    [Theory]
    [InlineData(32, 32)]
    [InlineData(64, 64)]
    [InlineData(48, 32)]
    public void Correct_renders_pass_every_prompt_of_v1(int width, int height)
    {
        var failures = V1.Prompts
            .Select(p => (p, v: Judge(p, PromptScenes.Oracle(p, width, height, seed: 1))))
            .Where(x => !x.v.Correct)
            .Select(x => $"{x.p.Id} '{x.p.Prompt}': {x.v.Reason}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Swapped_colours_fail_colour_attribution_and_colour_prompts()
    {
        foreach (var p in V1.Prompts.Where(p => p.Tag is PromptTags.ColorAttr))
        {
            var scene = PromptScenes.Oracle(p, 32, 32, seed: 2);
            var swapped = scene with { Objects = [scene.Objects[0] with { Colour = scene.Objects[1].Colour }, scene.Objects[1] with { Colour = scene.Objects[0].Colour }] };
            Assert.False(Judge(p, swapped).Correct, $"{p.Id} '{p.Prompt}' passed with swapped colours");
        }
        foreach (var p in V1.Prompts.Where(p => p.Tag is PromptTags.Colors))
        {
            var scene = PromptScenes.Oracle(p, 32, 32, seed: 2);
            var other = Palette.Colours.First(c => c.Name != scene.Objects[0].Colour).Name;
            Assert.False(Judge(p, scene with { Objects = [scene.Objects[0] with { Colour = other }] }).Correct, $"{p.Id} passed in {other}");
        }
    }

    [Fact]
    public void Missing_objects_fail_single_and_two_object_prompts()
    {
        foreach (var p in V1.Prompts.Where(p => p.Tag is PromptTags.TwoObject or PromptTags.SingleObject or PromptTags.ColorAttr))
        {
            var scene = PromptScenes.Oracle(p, 32, 32, seed: 3);
            Assert.False(Judge(p, scene with { Objects = scene.Objects.Skip(1).ToList() }).Correct, $"{p.Id} '{p.Prompt}' passed with an object missing");
        }
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(64, 64)]
    public void Mirrored_scenes_fail_position_prompts(int width, int height)
    {
        foreach (var p in V1.Prompts.Where(p => p.Tag is PromptTags.Position))
        {
            var scene = PromptScenes.Oracle(p, width, height, seed: 4);
            var horizontal = p.Include[1].Position!.Relation is "left_of" or "right_of";
            var mirrored = scene with
            {
                Objects = scene.Objects.Select(o => SceneGeometry.Place(o.Shape, o.Colour, o.Size, o.HalfExtent,
                    horizontal ? width - o.Centre.X : o.Centre.X, horizontal ? o.Centre.Y : height - o.Centre.Y)).ToList(),
            };
            Assert.False(Judge(p, mirrored).Correct, $"{p.Id} '{p.Prompt}' passed when mirrored");
        }
    }

    [Fact]
    public void Counting_needs_the_exact_number()
    {
        foreach (var p in V1.Prompts.Where(p => p.Tag is PromptTags.Counting))
        {
            var n = p.Include[0].Count;
            var fewer = PromptScenes.Oracle(p with { Include = [p.Include[0] with { Count = n - 1 }] }, 64, 64, seed: 5);
            var more = PromptScenes.Oracle(p with { Include = [p.Include[0] with { Count = n + 1 }], Exclude = null }, 64, 64, seed: 5);
            Assert.False(Judge(p, fewer).Correct, $"{p.Id} '{p.Prompt}' passed with {n - 1}");
            if (n < 4) Assert.False(Judge(p, more).Correct, $"{p.Id} '{p.Prompt}' passed with {n + 1}");
        }
    }

    [Fact]
    public void Scoring_a_folder_reports_per_task_accuracy_and_the_mean_over_tasks_as_geneval_does()
    {
        using var dir = new TempDirectory();
        var chosen = PromptTags.All.SelectMany(tag => V1.Prompts.Where(p => p.Tag == tag).Take(4)).ToList();
        foreach (var p in chosen)
        {
            var scene = PromptScenes.Oracle(p, 32, 32, seed: 6);
            File.WriteAllBytes(dir.Combine($"{p.Id}_0.png"), PngCodec.Encode(RgbImage.Of(scene)));
            // A second sample per prompt, blank for single_object: that task scores 4 of 8.
            var second = p.Tag == PromptTags.SingleObject ? scene with { Objects = [] } : scene;
            File.WriteAllBytes(dir.Combine($"{p.Id}_1.png"), PngCodec.Encode(RgbImage.Of(second)));
        }

        var report = new ShapeScorer(V1, Checker).ScoreFolder(dir.Path);

        Assert.Equal(chosen.Count * 2, report.TotalImages);
        Assert.Equal(0.5, report.Tasks[PromptTags.SingleObject].Accuracy);
        Assert.All(report.Tasks.Where(t => t.Key != PromptTags.SingleObject), t => Assert.Equal(1.0, t.Value.Accuracy));
        Assert.Equal((0.5 + 5) / 6, report.Overall, 9);
        Assert.Equal((chosen.Count - 4.0) / chosen.Count, report.CorrectPrompts, 9);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(6, json.RootElement.GetProperty("tasks").EnumerateObject().Count());
        Assert.Equal(report.Overall, json.RootElement.GetProperty("overall").GetDouble(), 9);
        Assert.Equal(chosen.Count * 2, json.RootElement.GetProperty("images").GetArrayLength());
    }

    [Fact]
    public void Images_that_name_no_prompt_are_refused_with_their_names()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("colors-000_0.png"), PngCodec.Encode(RgbImage.Of(PromptScenes.Oracle(V1.Prompts[0], 32, 32, 1))));
        File.WriteAllBytes(dir.Combine("typo-12.png"), PngCodec.Encode(RgbImage.Of(PromptScenes.Oracle(V1.Prompts[0], 32, 32, 1))));
        var ex = Assert.Throws<InvalidInputException>(() => new ShapeScorer(V1, Checker).ScoreFolder(dir.Path));
        Assert.Contains("typo-12.png", ex.Message);
    }
}
