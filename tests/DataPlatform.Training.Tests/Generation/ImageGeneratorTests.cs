using DataPlatform.Core;
using DataPlatform.Model;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.Training.Generation;

namespace DataPlatform.Training.Tests.Generation;

[Collection(TinyRunCollection.Name)]
public class ImageGeneratorTests(TinyRunFixture run)
{
    /// <summary>Few steps: the tests check sizes and determinism, not quality.</summary>
    private static readonly ImageGenerationOptions Fast = new() { Steps = 4, OdeSteps = 4, Seed = 11 };

    private static readonly string[] Captions = ["a red circle", "two blue squares", "a green triangle left of a yellow star"];

    [Theory]
    [InlineData(32, 32)]
    [InlineData(48, 32)]
    [InlineData(16, 40)]
    public void Generation_returns_one_image_per_caption_at_the_requested_pixel_size(int width, int height)
    {
        var images = new ImageGenerator(run.Trained).Generate(Captions, Fast with { Size = new ImageSize(width, height) });

        Assert.Equal(Captions.Length, images.Count);
        Assert.All(images, image => Assert.Equal((width, height), (image.Width, image.Height)));
    }

    [Fact]
    public void Without_a_size_generation_uses_the_training_resolution()
    {
        var image = Assert.Single(new ImageGenerator(run.Trained).Generate(Captions[..1], Fast));
        int side = run.Config.BaseGridSide * run.Config.PixelsPerToken;
        Assert.Equal((side, side), (image.Width, image.Height));
    }

    [Fact]
    public void The_same_seed_gives_identical_pixels_and_another_seed_different_ones()
    {
        var generator = new ImageGenerator(run.Trained);
        var options = Fast with { BatchSize = 2 };  // two batches: the second batch's seed is derived too
        var first = generator.Generate(Captions, options);
        var again = generator.Generate(Captions, options);
        var other = generator.Generate(Captions, options with { Seed = 12 });

        for (int i = 0; i < Captions.Length; i++)
        {
            Assert.Equal(first[i].Pixels, again[i].Pixels);
            Assert.NotEqual(first[i].Pixels, other[i].Pixels);
        }
        Assert.NotEqual(first[0].Pixels, first[2].Pixels);  // batches 0 and 1 do not share one random stream
    }

    [Fact]
    public void An_image_does_not_depend_on_the_batch_size()
    {
        var generator = new ImageGenerator(run.Trained);
        var whole = generator.Generate(Captions, Fast with { BatchSize = 3 });
        var single = generator.Generate(Captions, Fast with { BatchSize = 1 });

        for (int i = 0; i < Captions.Length; i++)
        {
            // Equal up to float rounding (another batch size runs other matmul blockings): at most 1 of 255 per byte.
            var largest = whole[i].Pixels.Zip(single[i].Pixels, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largest <= 1, $"image {i}: a byte differs by {largest} between batch sizes 3 and 1");
        }
    }

    [Fact]
    public void Batches_side_by_side_give_the_images_of_one_batch_at_a_time_in_caption_order()
    {
        var generator = new ImageGenerator(run.Trained);
        string[] captions = [.. Captions, "a purple circle", "three red stars"];
        List<int> oneAtATime = [], twoAtATime = [];
        var sequential = generator.Generate(captions, Fast with { BatchSize = 2 }, new InlineProgress(oneAtATime.Add));  // batches of 2, 2, 1
        int callerThreads = TorchSharp.torch.get_num_threads();
        TorchRuntime.UseThreads(3);
        IReadOnlyList<RgbImage> sideBySide;
        try
        {
            sideBySide = generator.Generate(captions, Fast with { BatchSize = 2, Threads = 2 }, new InlineProgress(twoAtATime.Add));  // 2, 1 | 1, 1
            Assert.Equal(3, TorchSharp.torch.get_num_threads());  // the calling thread's count is restored
        }
        finally
        {
            TorchRuntime.UseThreads(callerThreads);
        }

        Assert.True(TorchRuntime.IdleThreadsSleep, "the test process runs torch with OMP_WAIT_POLICY=PASSIVE");
        Assert.Equal([2, 4, 5], oneAtATime);
        Assert.Equal([3, 5], twoAtATime);  // progress comes after each round of two batches
        for (int i = 0; i < captions.Length; i++)
        {
            var largest = sequential[i].Pixels.Zip(sideBySide[i].Pixels, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largest <= 1, $"image {i}: a byte differs by {largest} between one batch at a time and two side by side");
        }
    }

    [Theory]
    [InlineData(40, 16, 2, new[] { 10, 10, 10, 10 })]  // 3 batches needed, rounded up to a multiple of 2 threads
    [InlineData(3, 16, 2, new[] { 2, 1 })]  // one batch would leave a thread idle
    [InlineData(1, 16, 2, new[] { 1 })]  // a single image: one batch on all threads
    [InlineData(33, 16, 1, new[] { 16, 16, 1 })]  // one thread: full batches, the rest in the last
    [InlineData(16, 16, 1, new[] { 16 })]
    [InlineData(33, 16, 3, new[] { 11, 11, 11 })]  // as few batches as the batch size allows, of near-equal size
    [InlineData(5, 1, 2, new[] { 1, 1, 1, 1, 1 })]  // 6 batches planned for full rounds, the empty one dropped
    [InlineData(3, 1, 2, new[] { 1, 1, 1 })]  // 4 batches planned, an empty one dropped
    [InlineData(10, 4, 2, new[] { 3, 3, 2, 2 })]
    [InlineData(0, 16, 2, new int[0])]
    [InlineData(5, int.MaxValue, 1, new[] { 5 })]
    [InlineData(5, int.MaxValue, 2, new[] { 3, 2 })]
    public void Captions_are_cut_into_consecutive_batches_a_multiple_of_the_threads(int count, int batchSize, int sideBySide, int[] sizes)
    {
        var batches = ImageGenerator.Batches(count, batchSize, sideBySide);

        Assert.Equal(sizes, batches.Select(b => b.Count).ToArray());
        Assert.Equal(sizes.Select((_, i) => sizes.Take(i).Sum()).ToArray(), batches.Select(b => b.Start).ToArray());
    }

    [Theory]
    [InlineData(30, 32)]
    [InlineData(32, 34)]
    public void A_size_that_is_not_a_multiple_of_the_token_size_fails_naming_both(int width, int height)
    {
        var ex = Assert.Throws<ConfigException>(() =>
            new ImageGenerator(run.Trained).Generate(Captions, Fast with { Size = new ImageSize(width, height) }));
        Assert.Contains($"{width}x{height}", ex.Message);
        Assert.Contains($"token size of {run.Config.PixelsPerToken} px", ex.Message);
    }

    [Fact]
    public void Bad_options_are_reported_all_at_once()
    {
        var ex = Assert.Throws<ConfigException>(() =>
            new ImageGenerator(run.Trained).Generate(Captions, Fast with { Steps = 0, OdeSteps = 0, BatchSize = 0, Temperature = 0 }));
        Assert.Equal(4, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith("generate.steps must be at least 1, was 0"));
        Assert.Contains(ex.Errors, e => e.StartsWith("generate.batch_size must be at least 1, was 0"));
    }

    [Fact]
    public void Progress_counts_images_after_each_batch_and_cancellation_stops_before_the_next()
    {
        var reports = new List<int>();
        new ImageGenerator(run.Trained).Generate(Captions, Fast with { BatchSize = 2 }, new InlineProgress(reports.Add));
        Assert.Equal([2, 3], reports);

        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            new ImageGenerator(run.Trained).Generate(Captions, Fast with { BatchSize = 2 }, new InlineProgress(_ => cancel.Cancel()), cancel.Token));
    }

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
