using System.Text;
using DataPlatform.Core;
using DataPlatform.Ingest.Sources;
using DataPlatform.Testing;

namespace DataPlatform.Ingest.Tests;

/// <summary>
/// Every hostile input of the issue, each in a run next to good inputs and after an earlier run stored
/// data: the input is refused with its precise reason, the run goes on (the good neighbour is stored),
/// the summary reconciles, and the earlier samples are still in the lake, byte for byte.
/// </summary>
public sealed class BadInputTests
{
    private static async Task<RunResult> RunWithNeighbours(IngestHarness h, Action addBad, IngestOptions? options = null)
    {
        h.Add("a-good.jpg", TestImages.Jpeg(96, 80, 11), "a red circle");
        var first = await h.RunAsync(options);
        Assert.Equal(1, first.Summary.Accepted);
        addBad();
        h.Add("z-good.png", TestImages.Png(80, 96, 12), "two blue squares");
        var second = await h.RunAsync(options);

        Assert.True(second.Summary.Reconciles, "inputs must equal accepted + rejected + duplicates");
        Assert.Contains(second.NewSamples, s => s.SourceUri.EndsWith("z-good.png", StringComparison.Ordinal));
        var before = Assert.Single(first.NewSamples);
        var after = Assert.Single(second.LakeSamples, s => s.SampleId == before.SampleId);
        Assert.Equal(before.Image, after.Image);
        return second;
    }

    private static void AssertReason(RunResult result, string file, RejectReason reason, string? detailContains = null)
    {
        var reject = result.RejectOf(file);
        Assert.Equal(reason, reject.Reason);
        Assert.Contains(file, reject.Detail + reject.SourceUri);
        if (detailContains is not null) Assert.Contains(detailContains, reject.Detail);
        Assert.Equal(1, result.Summary.RejectedByReason[reason]);
    }

    [Fact]
    public async Task Truncated_jpeg_is_rejected_as_corrupt_image()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("cut.jpg", TestImages.TruncatedJpeg(), "a cut image"));
        AssertReason(r, "cut.jpg", RejectReason.CorruptImage, "truncated");
    }

    [Fact]
    public async Task Corrupt_png_is_rejected_as_corrupt_image()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("bad.png", TestImages.CorruptPng(), "a broken png"));
        AssertReason(r, "bad.png", RejectReason.CorruptImage);
    }

    [Fact]
    public async Task Zero_byte_file_is_rejected_as_empty_file()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("empty.jpg", [], "nothing"));
        AssertReason(r, "empty.jpg", RejectReason.EmptyFile, "zero bytes");
    }

    [Fact]
    public async Task Text_file_named_jpg_is_rejected_as_unknown_format()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("notes.jpg", Encoding.UTF8.GetBytes("this is not an image\n"), "text"));
        AssertReason(r, "notes.jpg", RejectReason.UnknownFormat, "no supported image format");
    }

    [Fact]
    public async Task Png_header_claiming_50000x50000_is_refused_before_decoding()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("bomb.png", TestImages.PngHeaderClaiming(50000, 50000), "a bomb"));
        AssertReason(r, "bomb.png", RejectReason.TooManyPixels, "50000x50000");
    }

    [Fact]
    public async Task Image_over_the_byte_cap_is_rejected_as_too_large()
    {
        using var h = new IngestHarness();
        var big = TestImages.Jpeg(400, 400, 5, quality: 100);
        var options = IngestHarness.SmallOptions with { MaxImageBytes = big.Length - 1 };
        var r = await RunWithNeighbours(h, () => h.Add("huge.jpg", big, "a big one"), options);
        AssertReason(r, "huge.jpg", RejectReason.TooLarge, $"the cap is {big.Length - 1}");
    }

    [Fact]
    public async Task Animated_gif_keeps_its_first_frame_by_default_and_says_so()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("anim.gif", TestImages.AnimatedGif(64, 64, 3), "a red square"));
        var sample = Assert.Single(r.NewSamples, s => s.SourceUri.EndsWith("anim.gif", StringComparison.Ordinal));
        Assert.Equal("gif", sample.OrigFormat);
        Assert.Equal(1, r.Summary.AnimatedFirstFrame);
        using var stored = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(sample.Image);
        var centre = stored[stored.Width / 2, stored.Height / 2];
        Assert.True(centre.R > 200 && centre.G < 60 && centre.B < 60, $"the first frame is red, stored centre was {centre}");
    }

    [Fact]
    public async Task Animated_gif_is_refused_when_the_policy_says_so()
    {
        using var h = new IngestHarness();
        var options = IngestHarness.SmallOptions with { Animation = AnimationPolicy.Refuse };
        var r = await RunWithNeighbours(h, () => h.Add("anim.gif", TestImages.AnimatedGif(64, 64, 3), "frames"), options);
        AssertReason(r, "anim.gif", RejectReason.Animated, "3 frames");
    }

    [Fact]
    public async Task Invalid_utf8_caption_is_rejected()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () =>
        {
            h.Add("latin1.jpg", TestImages.Jpeg(64, 64, 6), null);
            h.AddCaptionBytes("latin1.jpg", [0x61, 0x20, 0xE9, 0x74, 0xE9, 0xFF]);
        });
        AssertReason(r, "latin1.jpg", RejectReason.InvalidCaptionEncoding, "UTF-8");
    }

    [Fact]
    public async Task Empty_caption_is_rejected()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("blank.jpg", TestImages.Jpeg(64, 64, 7), " \t\r\n "));
        AssertReason(r, "blank.jpg", RejectReason.EmptyCaption);
    }

    [Fact]
    public async Task One_megabyte_caption_is_rejected_without_reading_it_all()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("long.jpg", TestImages.Jpeg(64, 64, 8), new string('x', 1024 * 1024)));
        AssertReason(r, "long.jpg", RejectReason.CaptionTooLong, "not read further");
    }

    [Fact]
    public async Task Control_characters_are_stripped_from_captions()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("ctl.jpg", TestImages.Jpeg(64, 64, 9), "a\u0000 red\u0007\u001b circle\r\n\tleft  of\u0085 a square"));
        var sample = Assert.Single(r.NewSamples, s => s.SourceUri.EndsWith("ctl.jpg", StringComparison.Ordinal));
        Assert.Equal("a red circle left of a square", sample.Caption);
    }

    [Fact]
    public async Task Missing_sidecar_is_rejected_as_missing_caption()
    {
        using var h = new IngestHarness();
        var r = await RunWithNeighbours(h, () => h.Add("lonely.jpg", TestImages.Jpeg(64, 64, 10), null));
        AssertReason(r, "lonely.jpg", RejectReason.MissingCaption, "lonely.txt");
    }

    [Fact]
    public async Task Two_inputs_with_the_same_content_store_one_sample()
    {
        using var h = new IngestHarness();
        var image = TestImages.Jpeg(64, 64, 13);
        var r = await RunWithNeighbours(h, () =>
        {
            h.Add("copy1.jpg", image, "a green star");
            h.Add("copy2.jpg", image, "a green star");
        });
        Assert.Single(r.NewSamples, s => s.SourceUri.Contains("copy", StringComparison.Ordinal));
        Assert.Equal(1, r.Summary.DuplicatesInRun);
        Assert.Empty(r.Rejects);
    }

    [Fact]
    public async Task File_that_vanishes_between_listing_and_reading_is_rejected_as_unreadable()
    {
        // Tests run as root, so permissions cannot make a file unreadable: the file is deleted after the
        // folder was listed and before a worker opens it, which is what an unreadable file looks like.
        using var h = new IngestHarness();
        h.Add("a-good.jpg", TestImages.Jpeg(96, 80, 11), "a red circle");
        var first = await h.RunAsync();
        var gone = h.Add("gone.jpg", TestImages.Jpeg(64, 64, 14), "a vanishing square");
        h.Add("z-good.png", TestImages.Png(80, 96, 12), "two blue squares");
        var source = new TamperingSource(new FolderSource(h.SourceDir), (_, item) =>
        {
            if (item.SourceUri == gone) File.Delete(gone);
        });
        var r = await h.RunAsync(source: source);
        Assert.Equal(RejectReason.Unreadable, r.RejectOf("gone.jpg").Reason);
        Assert.Single(r.NewSamples, s => s.SourceUri.EndsWith("z-good.png", StringComparison.Ordinal));
        Assert.Equal(1, r.Summary.DuplicatesInLake);
        Assert.True(r.Summary.Reconciles);
        Assert.Equal(first.NewSamples[0].Image, r.LakeSamples.Single(s => s.SampleId == first.NewSamples[0].SampleId).Image);
    }

    [Fact]
    public async Task Source_folder_that_disappears_mid_run_turns_the_rest_into_rejects_and_the_run_completes()
    {
        using var h = new IngestHarness();
        for (var i = 0; i < 10; i++) h.Add($"img{i:D2}.jpg", TestImages.Jpeg(64, 64, 100 + i), $"shape number {i}");
        var source = new TamperingSource(new FolderSource(h.SourceDir), (index, _) =>
        {
            if (index == 4) Directory.Delete(h.SourceDir, recursive: true);
        });
        var r = await h.RunAsync(source: source);
        Assert.Equal(10, r.Summary.Inputs);
        Assert.True(r.Summary.Reconciles);
        // Items 4..9 were never opened before the folder went; 0..3 may still have been waiting in the
        // queue (images are opened lazily by the workers), so they may be unreadable too.
        var unreadable = r.Summary.RejectedByReason[RejectReason.Unreadable];
        Assert.InRange(unreadable, 6, 10);
        Assert.Equal(10 - unreadable, r.Summary.Accepted);
        Assert.All(r.Rejects, x => Assert.Equal(RejectReason.Unreadable, x.Reason));
    }

    [Fact]
    public async Task Manifest_entry_naming_a_folder_is_rejected_as_unreadable()
    {
        using var h = new IngestHarness();
        Directory.CreateDirectory(Path.Combine(h.SourceDir, "dir.jpg"));
        File.WriteAllBytes(Path.Combine(h.SourceDir, "ok.jpg"), TestImages.Jpeg(64, 64, 15));
        var manifest = Path.Combine(h.SourceDir, "m.jsonl");
        File.WriteAllLines(manifest, ["{\"path\": \"dir.jpg\", \"caption\": \"a folder\"}", "{\"path\": \"ok.jpg\", \"caption\": \"ok\"}"]);
        var source = new JsonlManifestSource(manifest, new SourceOptions { Path = manifest }, 8192);
        var r = await h.RunAsync(source: source);
        Assert.Equal(RejectReason.Unreadable, r.RejectOf("dir.jpg").Reason);
        Assert.Equal(1, r.Summary.Accepted);
        Assert.True(r.Summary.Reconciles);
    }
}
