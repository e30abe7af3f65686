using DataPlatform.Core;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace DataPlatform.Ingest.Tests;

public sealed class RunTests
{
    private static void AddMixedInputs(IngestHarness h)
    {
        for (var i = 0; i < 12; i++) h.Add($"ok{i:D2}.jpg", TestImages.Jpeg(80 + i * 4, 64, 200 + i), $"{i} red circles");
        var copy = TestImages.Jpeg(64, 64, 300);
        h.Add("dup1.jpg", copy, "a blue square");
        h.Add("dup2.jpg", copy, "a blue square");
        h.Add("samepic-othercaption.jpg", copy, "a different caption");
        h.Add("empty.jpg", [], "x");
        h.Add("text.png", "hello"u8.ToArray(), "x");
        h.Add("nocap.jpg", TestImages.Jpeg(64, 64, 301), null);
        h.Add("bomb.png", TestImages.PngHeaderClaiming(50000, 50000), "bomb");
    }

    [Fact]
    public async Task Summary_reconciles_per_reason_and_matches_what_the_lake_holds()
    {
        using var h = new IngestHarness();
        AddMixedInputs(h);
        var r = await h.RunAsync();
        var s = r.Summary;
        Assert.Equal(19, s.Inputs);
        Assert.Equal(14, s.Accepted);
        Assert.Equal(1, s.DuplicatesInRun);
        Assert.Equal(4, s.Rejected);
        Assert.Equal(new Dictionary<RejectReason, long>
        {
            [RejectReason.EmptyFile] = 1, [RejectReason.UnknownFormat] = 1,
            [RejectReason.MissingCaption] = 1, [RejectReason.TooManyPixels] = 1,
        }, s.RejectedByReason);
        Assert.True(s.Reconciles);
        Assert.Equal(s.Inputs, s.Accepted + s.Rejected + s.ExactDuplicates);
        Assert.Equal(s.Accepted, r.NewSamples.Count);
        Assert.Equal(s.Rejected, r.Rejects.Count);
        Assert.Equal(s.BytesOut, r.NewSamples.Sum(x => (long)x.Image.Length));
        Assert.Equal(r.NewSamples.Count, r.NewSamples.Select(x => x.SampleId).Distinct().Count());
        Assert.NotEmpty(s.Commits);
    }

    [Fact]
    public async Task Rerunning_over_the_same_input_adds_nothing_to_the_lake()
    {
        using var h = new IngestHarness();
        AddMixedInputs(h);
        var first = await h.RunAsync();
        var filesBefore = Directory.GetFiles(h.LakeDir, "*", SearchOption.AllDirectories).Order().ToArray();

        var second = await h.RunAsync();

        Assert.Equal(0, second.Summary.Accepted);
        Assert.Equal(first.Summary.Accepted + first.Summary.DuplicatesInRun, second.Summary.DuplicatesInLake);
        Assert.Equal(first.Summary.Rejected, second.Summary.RejectsAlreadyRecorded);
        Assert.True(second.Summary.Reconciles);
        Assert.Empty(second.Summary.Commits);
        Assert.Equal(filesBefore, Directory.GetFiles(h.LakeDir, "*", SearchOption.AllDirectories).Order().ToArray());
        Assert.Equal(first.LakeSamples.Select(x => x.SampleId).Order(), second.LakeSamples.Select(x => x.SampleId).Order());
    }

    [Fact]
    public async Task Near_duplicates_of_a_stored_image_are_dropped_when_asked()
    {
        using var h = new IngestHarness();
        using var original = TestImages.Pattern(128, 128, 400);
        using var ms = new MemoryStream();
        original.Save(ms, new JpegEncoder { Quality = 95 });
        h.Add("original.jpg", ms.ToArray(), "an orange star");
        await h.RunAsync(IngestHarness.SmallOptions with { DropNearDuplicates = true });

        using var smaller = original.Clone(x => x.Resize(96, 96));
        using var ms2 = new MemoryStream();
        smaller.Save(ms2, new JpegEncoder { Quality = 60 });
        h.Add("resized-copy.jpg", ms2.ToArray(), "an orange star, smaller");
        h.Add("different.jpg", TestImages.Jpeg(128, 128, 401), "a brown circle");
        var r = await h.RunAsync(IngestHarness.SmallOptions with { DropNearDuplicates = true });

        var reject = r.RejectOf("resized-copy.jpg");
        Assert.Equal(RejectReason.NearDuplicate, reject.Reason);
        Assert.Contains("bits of stored sample", reject.Detail);
        Assert.Equal(1, r.Summary.NearDuplicates);
        Assert.Single(r.NewSamples, s => s.SourceUri.EndsWith("different.jpg", StringComparison.Ordinal));
        Assert.True(r.Summary.Reconciles);
    }

    [Fact]
    public async Task Near_duplicates_are_kept_by_default()
    {
        using var h = new IngestHarness();
        using var original = TestImages.Pattern(128, 128, 402);
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        original.Save(a, new JpegEncoder { Quality = 95 });
        original.Save(b, new JpegEncoder { Quality = 50 });
        h.Add("a.jpg", a.ToArray(), "one");
        h.Add("b.jpg", b.ToArray(), "one");
        var r = await h.RunAsync();
        Assert.Equal(2, r.Summary.Accepted);
        Assert.InRange(Imaging.PerceptualHash.Distance(r.NewSamples[0].Phash, r.NewSamples[1].Phash), 0, 4);
    }

    [Fact]
    public async Task Stored_rows_carry_hashes_sizes_format_run_and_concepts()
    {
        using var h = new IngestHarness();
        var bytes = TestImages.Jpeg(100, 80, 403);
        h.Add("x.jpg", bytes, "Two  RED circles left of a Square");
        var r = await h.RunAsync(IngestHarness.SmallOptions with { Format = StoredFormat.Jpeg, JpegQuality = 80 });
        var s = Assert.Single(r.NewSamples);
        Assert.Equal(SampleIds.Sha256Hex(bytes), s.ImageSha256);
        Assert.Equal(SampleIds.ForSample(s.ImageSha256, "Two RED circles left of a Square"), s.SampleId);
        Assert.Equal(("jpeg", "jpeg", 100, 80), (s.OrigFormat, s.ImageFormat, s.OrigWidth, s.OrigHeight));
        Assert.Equal(["circle", "left of", "red", "square", "two"], s.Concepts);
        Assert.Equal("run1", s.IngestRun);
        Assert.Equal(LakeSchema.Version, s.SchemaVersion);
        Assert.Equal("JPEG", JpegFormatName(s.Image));
    }

    [Fact]
    public void Options_report_every_invalid_value_at_once()
    {
        var options = new IngestOptions { Workers = 0, TokenSize = 16, TargetSides = [100], JpegQuality = 101, MaxAspectRatio = 0.5 };
        var ex = Assert.Throws<ConfigException>(() => options.Validated());
        Assert.Contains("ingest.workers must be at least 1, was 0", ex.Errors);
        Assert.Contains("ingest.target_sides[] must be a multiple of 16, was 100", ex.Errors);
        Assert.Contains(ex.Errors, e => e.StartsWith("ingest.jpeg_quality must be in [1, 100]", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("ingest.max_aspect_ratio must be at least 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_a_run_stops_it_and_commits_nothing()
    {
        using var h = new IngestHarness();
        for (var i = 0; i < 30; i++) h.Add($"i{i:D2}.jpg", TestImages.Jpeg(64, 64, 600 + i), $"item {i}");
        using var cts = new CancellationTokenSource();
        var source = new TamperingSource(new FolderSource(h.SourceDir), (index, _) => { if (index == 5) cts.Cancel(); });
        var store = new Lake.LocalObjectStore(h.LakeDir);
        await using var writer = Lake.LakeWriter.Create(store, "cancelled", new Lake.LakeWriterOptions(), TimeProvider.System);
        var runner = new IngestRunner(IngestHarness.SmallOptions, Concepts.ConceptVocabulary.Default(), TimeProvider.System);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(source, writer, Dedup.ExistingSamples.None, null, cts.Token));
        Assert.Empty(await new Lake.LakeReader(store).ListCommitsAsync());
    }

    private static string JpegFormatName(byte[] bytes) => Image.DetectFormat(bytes)!.Name;
}
