using DataPlatform.ShapeWorld.Scenes;
using DataPlatform.ShapeWorld.Synthesis;

namespace DataPlatform.ShapeWorld.Tests;

public sealed class CaptionTests
{
    private static readonly SceneSampler Sampler = new(new SynthOptions { Width = 64, Height = 64, Seed = 31, Enhanced = true, CountZipf = 0 });

    [Fact]
    public void Stated_relations_hold_by_the_shared_centroid_rule()
    {
        var stated = 0;
        for (var i = 0; i < 3000; i++)
        {
            var scene = Sampler.Sample(i);
            if (scene.Relation is not { } r) continue;
            stated++;
            Assert.True(SpatialRelations.Holds(r.Relation, scene.Objects[r.Subject].Centroid, scene.Objects[r.Object].Centroid, 64, 64),
                $"sample {i}: '{scene.Caption}' states a relation that does not hold");
            Assert.Contains(r.Relation is SpatialRelation.LeftOf ? "left" : r.Relation is SpatialRelation.RightOf ? "right" : r.Relation.Phrase(), scene.Caption);
        }
        Assert.True(stated > 300, $"only {stated} captions stated a relation");
    }

    [Fact]
    public void Captions_name_every_object_kind_and_counting_captions_the_number()
    {
        string[] numbers = ["", "one", "two", "three", "four"];
        var categories = new HashSet<SceneCategory>();
        for (var i = 0; i < 2000; i++)
        {
            var scene = Sampler.Sample(i);
            categories.Add(scene.Category);
            foreach (var o in scene.Objects) Assert.Contains(o.Shape.Name(), scene.Caption);
            if (scene.Category == SceneCategory.Counting)
            {
                Assert.StartsWith(numbers[scene.Objects.Count] + " ", scene.Caption);
                Assert.Single(scene.Objects.Select(o => (o.Shape, o.Colour)).Distinct());
            }
            Assert.NotNull(scene.EnhancedCaption);
            foreach (var o in scene.Objects) Assert.Contains($"{o.Colour} {o.Shape.Name()}", scene.EnhancedCaption);
        }
        Assert.Equal(Enum.GetValues<SceneCategory>().Length, categories.Count);
    }

    [Fact]
    public void Captions_use_the_colours_of_the_objects_unless_they_leave_colour_out()
    {
        for (var i = 0; i < 2000; i++)
        {
            var scene = Sampler.Sample(i);
            var named = Palette.Colours.Where(c => scene.Caption.Split(' ', ',').Contains(c.Name)).Select(c => c.Name).ToHashSet();
            Assert.True(named.Count == 0 || named.SetEquals(scene.Objects.Select(o => o.Colour)),
                $"sample {i}: '{scene.Caption}' names colours [{string.Join(", ", named)}] but shows [{string.Join(", ", scene.Objects.Select(o => o.Colour))}]");
        }
    }
}
