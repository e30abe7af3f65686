using DataPlatform.Core;
using DataPlatform.Ingest.Buckets;
using DataPlatform.Ingest.Sources;
using DataPlatform.Testing;

namespace DataPlatform.Ingest.Tests;

public sealed class BucketTests
{
    [Theory]
    [InlineData(256, 16)]
    [InlineData(512, 16)]
    [InlineData(1024, 32)]
    public void Bucket_set_sides_are_on_the_token_grid_with_about_the_target_area_within_the_aspect_range(int side, int token)
    {
        var set = new BucketSet(side, token, 4.0);
        Assert.Contains(new Bucket(side, side), set.Buckets);
        Assert.All(set.Buckets, b =>
        {
            Assert.Equal(0, b.Width % token);
            Assert.Equal(0, b.Height % token);
            Assert.InRange(b.AspectRatio, 0.25 - 1e-9, 4.0 + 1e-9);
            Assert.InRange((double)b.Area / (side * side), 0.85, 1.15);
        });
        Assert.Contains(set.Buckets, b => Math.Abs(b.AspectRatio - 4.0) < 0.01);
        Assert.Contains(set.Buckets, b => Math.Abs(b.AspectRatio - 0.25) < 0.01);
        Assert.Equal(set.Buckets.Count, set.Buckets.Select(b => b.AspectRatio).Distinct().Count());
    }

    [Theory]
    [InlineData(1000, 1000, 256, 256)]
    [InlineData(1600, 900, 192, 336)]   // 16:9 -> the 1.75 bucket is nearest in log aspect
    [InlineData(900, 1600, 336, 192)]
    [InlineData(2048, 512, 128, 512)]   // 4:1
    public void Nearest_bucket_is_chosen_by_log_aspect_ratio(int width, int height, int expectH, int expectW)
    {
        var set = new BucketSet(256, 16, 4.0);
        var nearest = set.Nearest(width, height);
        Assert.Equal(new Bucket(expectH, expectW), nearest);
        var target = Math.Log((double)width / height);
        Assert.All(set.Buckets, b => Assert.True(
            Math.Abs(Math.Log(b.AspectRatio) - target) >= Math.Abs(Math.Log(nearest.AspectRatio) - target) - 1e-12));
    }

    [Fact]
    public void Large_image_is_resized_to_cover_and_centre_cropped_with_offsets_recorded()
    {
        var planner = new BucketPlanner(new IngestOptions { TargetSides = [256] });
        var plan = planner.Plan(2048, 1536, "x");
        Assert.False(plan.IsNative);
        Assert.True(plan.ResizeWidth >= plan.Bucket.Width && plan.ResizeHeight >= plan.Bucket.Height, "resize must cover the bucket");
        Assert.True(plan.ResizeWidth == plan.Bucket.Width || plan.ResizeHeight == plan.Bucket.Height, "one side fits exactly");
        Assert.Equal((plan.ResizeHeight - plan.Bucket.Height) / 2, plan.CropTop);
        Assert.Equal((plan.ResizeWidth - plan.Bucket.Width) / 2, plan.CropLeft);
    }

    [Fact]
    public void Small_image_keeps_native_size_rounded_down_to_the_grid_and_is_never_upscaled()
    {
        var planner = new BucketPlanner(new IngestOptions { TargetSides = [256, 512] });
        var plan = planner.Plan(100, 70, "small");
        Assert.True(plan.IsNative);
        Assert.Equal(new Bucket(64, 96), plan.Bucket);
        Assert.Equal((100, 70), (plan.ResizeWidth, plan.ResizeHeight));
        Assert.Equal((3, 2), (plan.CropTop, plan.CropLeft));
    }

    [Theory]
    [InlineData(600, 600, 512)]   // fills 512² -> 512 set
    [InlineData(400, 400, 256)]   // below 512², above 256² -> 256 set
    [InlineData(1200, 1200, 1024)]
    public void Several_target_areas_take_the_largest_the_image_fills(int width, int height, int side)
    {
        var planner = new BucketPlanner(new IngestOptions { TargetSides = [256, 512, 1024] });
        var plan = planner.Plan(width, height, "x");
        Assert.Equal(new Bucket(side, side), plan.Bucket);
        Assert.False(plan.IsNative);
    }

    [Fact]
    public void Image_too_small_for_the_minimum_side_is_refused()
    {
        var planner = new BucketPlanner(new IngestOptions { TargetSides = [256], MinSide = 32 });
        var ex = Assert.Throws<ItemRejectedException>(() => planner.Plan(40, 31, "tiny.png"));
        Assert.Equal(RejectReason.TooSmall, ex.Reason);
        Assert.Contains("40x31", ex.Message);
    }

    [Fact]
    public void Aspect_ratio_outside_the_range_is_refused()
    {
        var planner = new BucketPlanner(new IngestOptions());
        var ex = Assert.Throws<ItemRejectedException>(() => planner.Plan(1000, 100, "strip.png"));
        Assert.Equal(RejectReason.AspectRatio, ex.Reason);
    }

    [Fact]
    public async Task Stored_images_have_the_bucket_size_and_small_ones_are_not_upscaled()
    {
        using var h = new IngestHarness();
        h.Add("big.jpg", TestImages.Jpeg(320, 240, 31), "a big landscape");
        h.Add("small.png", TestImages.Png(50, 40, 32), "a small thing");
        var r = await h.RunAsync(IngestHarness.SmallOptions with { TargetSides = [128] });
        var big = r.NewSamples.Single(s => s.SourceUri.EndsWith("big.jpg", StringComparison.Ordinal));
        var small = r.NewSamples.Single(s => s.SourceUri.EndsWith("small.png", StringComparison.Ordinal));
        using var bigImage = SixLabors.ImageSharp.Image.Load(big.Image);
        using var smallImage = SixLabors.ImageSharp.Image.Load(small.Image);
        Assert.Equal((big.BucketW, big.BucketH), (bigImage.Width, bigImage.Height));
        Assert.Equal((48, 32), (smallImage.Width, smallImage.Height));
        Assert.Equal((50, 40), (small.OrigWidth, small.OrigHeight));
        Assert.Equal((4, 1), (small.CropTop, small.CropLeft));
        Assert.Equal(new Dictionary<string, long> { [$"{big.BucketH}x{big.BucketW}"] = 1, ["32x48"] = 1 }, r.Summary.PerBucket);
    }
}
