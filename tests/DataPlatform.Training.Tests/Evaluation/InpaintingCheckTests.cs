using DataPlatform.Curation;
using DataPlatform.Training.Evaluation;
using DataPlatform.Training.Tests.Generation;

namespace DataPlatform.Training.Tests.Evaluation;

[Collection(TinyRunCollection.Name)]
public sealed class InpaintingCheckTests(TinyRunFixture run)
{
    /// <summary>A batch of 4 samples (32x32, 64 tokens) from a small test lake.</summary>
    private static async Task<TrainingBatch> FourLakeSamplesAsync()
    {
        using var lake = await TrainingLakes.CreateAsync(samples: 8);
        var index = await SampleIndex.BuildAsync(lake.Store);
        await using var stream = new CuratedStream(index, new Lake.Caching.ShardCache(lake.Store, new Lake.Caching.ShardCacheOptions(lake.Path)),
            SamplingWeights.Uniform(index), new StreamOptions(BatchSize: 4));
        return await stream.NextAsync();
    }

    [Fact]
    public async Task Each_ratio_reveals_its_share_of_the_grid_and_a_seed_repeats_the_losses_exactly()
    {
        var batch = await FourLakeSamplesAsync();

        var points = InpaintingCheck.Measure(run.Trained, batch, [1.0, 0.5, 0.25], seed: 3);
        Assert.Equal([0, 32, 48], points.Select(p => p.VisibleTokens).ToArray());  // 64 tokens: ceil(64·r) masked
        Assert.All(points, p => Assert.True(double.IsFinite(p.FlowLoss) && p.FlowLoss > 0));
        var again = InpaintingCheck.Measure(run.Trained, batch, [1.0, 0.5, 0.25], seed: 3);
        Assert.Equal(points, again);
    }

    [Fact]
    public async Task The_caption_effect_measures_the_in_painting_checks_nothing_visible_loss_and_the_same_under_the_null_caption()
    {
        var batch = await FourLakeSamplesAsync();

        var (withCaptions, withNull) = InpaintingCheck.CaptionEffect(run.Trained, batch, seed: 3);
        var nothingVisible = InpaintingCheck.Measure(run.Trained, batch, [1.0], seed: 3)[0];
        Assert.Equal(nothingVisible.FlowLoss, withCaptions, 6);  // same masks, noise and t as the in-painting check
        Assert.True(double.IsFinite(withNull) && withNull > 0);  // the fixture is untrained (zero-initialised head), so the two may be equal
    }

    [Fact]
    public void Swapping_colours_replaces_every_palette_colour_word_by_another_and_nothing_else()
    {
        Assert.Equal("a purple circle left of a orange square", InpaintingCheck.SwapColours("a red circle left of a blue square"));
        Assert.Equal("three stars on a white background", InpaintingCheck.SwapColours("three stars on a white background"));
        Assert.Equal("a tired purple star", InpaintingCheck.SwapColours("a tired Red star"));  // whole words only, any case
        var names = ShapeWorld.Scenes.Palette.Colours.Select(c => c.Name).ToList();
        var swapped = names.Select(InpaintingCheck.SwapColours).ToList();
        Assert.All(names.Zip(swapped), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Equal(names.Order(), swapped.Order());  // a permutation of the palette
    }

    [Fact]
    public void Swapping_shapes_replaces_every_shape_word_singular_or_plural_by_another_and_nothing_else()
    {
        Assert.Equal("a red triangle left of two blue stars", InpaintingCheck.SwapShapes("a red circle left of two blue squares"));
        Assert.Equal("a red circlet on a white background", InpaintingCheck.SwapShapes("a red circlet on a white background"));  // whole words only
        Assert.Equal("three triangles", InpaintingCheck.SwapShapes("three Circles"));  // any case
        var names = ShapeWorld.Scenes.ShapeKinds.All.Select(ShapeWorld.Scenes.ShapeKinds.Name).ToList();
        var swapped = names.Select(InpaintingCheck.SwapShapes).ToList();
        Assert.All(names.Zip(swapped), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Equal(names.Order(), swapped.Order());  // a permutation of the shapes
    }

    [Theory]
    [InlineData("colour", new[] { "a red circle", "a star", "two blue squares", "a circle" }, new[] { "a star", "a circle", "two squares", "a diamond" })]
    [InlineData("shape", new[] { "a red circle", "something red", "two blue squares", "nothing" }, new[] { "red", "blue things", "a red thing", "a green blob" })]
    public async Task A_word_effect_covers_only_captions_that_name_a_word_of_its_kind(string kind, string[] twoNamed, string[] noneNamed)
    {
        var batch = await FourLakeSamplesAsync();
        WordEffect? Effect(string[] captions) => kind == "colour"
            ? InpaintingCheck.ColourWordEffect(run.Trained, batch with { Captions = captions }, seed: 3)
            : InpaintingCheck.ShapeWordEffect(run.Trained, batch with { Captions = captions }, seed: 3);

        var mixed = Effect(twoNamed);
        Assert.NotNull(mixed);
        Assert.Equal(2, mixed.Samples);
        Assert.True(double.IsFinite(mixed.RightWords) && mixed.RightWords > 0 && double.IsFinite(mixed.SwappedWords));
        Assert.Null(Effect(noneNamed));
    }
}
