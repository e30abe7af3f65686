using DataPlatform.Core;
using DataPlatform.Ingest.Sources;
using DataPlatform.Testing;
using Parquet;
using Parquet.Schema;

namespace DataPlatform.Ingest.Tests;

/// <summary>Every source kind end to end into a real lake.</summary>
public sealed class SourceKindTests
{
    [Fact]
    public async Task Folder_source_reads_txt_caption_and_json_sidecars_in_subfolders()
    {
        using var h = new IngestHarness();
        h.Add("a.jpg", TestImages.Jpeg(64, 64, 51), "a red circle");
        h.Add("sub/b.png", TestImages.Png(64, 64, 52), "two green squares", sidecar: "caption");
        h.Add("sub/deeper/c.JPG", TestImages.Jpeg(64, 64, 53), """{"text": "x", "caption": "a blue star"}""", sidecar: "json");
        File.WriteAllText(Path.Combine(h.SourceDir, "orphan.txt"), "no image here");
        var r = await h.RunAsync();
        Assert.Equal(3, r.Summary.Inputs);
        Assert.Equal(3, r.Summary.Accepted);
        Assert.Equal(["caption", "json", "txt"], r.NewSamples.Select(s => s.CaptionSource).Order().ToArray());
        Assert.Contains(r.NewSamples, s => s.Caption == "a blue star" && s.Concepts.SequenceEqual(["blue", "star"]));
    }

    [Fact]
    public async Task Jsonl_manifest_resolves_relative_paths_and_file_uris()
    {
        using var h = new IngestHarness();
        var a = h.Add("img/a.jpg", TestImages.Jpeg(64, 64, 54), null);
        h.Add("img/b.png", TestImages.Png(64, 64, 55), null);
        var manifest = Path.Combine(h.SourceDir, "manifest.jsonl");
        File.WriteAllLines(manifest,
        [
            "{\"path\": \"img/b.png\", \"caption\": \"a yellow heart\"}",
            "",
            $"{{\"path\": \"{new Uri(a).AbsoluteUri}\", \"caption\": \"a pink cross\"}}",
            "{\"path\": \"https://example.com/x.jpg\", \"caption\": \"remote\"}",
            "not json",
        ]);
        var r = await h.RunAsync(source: new JsonlManifestSource(manifest, new SourceOptions { Path = manifest }, 8192));
        Assert.Equal(4, r.Summary.Inputs);
        Assert.Equal(2, r.Summary.Accepted);
        Assert.Equal(2, r.Summary.RejectedByReason[RejectReason.BadEntry]);
        Assert.Contains(r.Rejects, x => x.Detail.Contains("remote URI"));
        Assert.All(r.NewSamples, s => Assert.Equal("manifest", s.CaptionSource));
    }

    [Fact]
    public async Task Csv_manifest_with_quoted_captions_and_custom_column_names()
    {
        using var h = new IngestHarness();
        h.Add("a.jpg", TestImages.Jpeg(64, 64, 56), null);
        h.Add("b.jpg", TestImages.Jpeg(64, 64, 57), null);
        var manifest = Path.Combine(h.SourceDir, "list.csv");
        File.WriteAllText(manifest, "id,file,text\n1,a.jpg,\"a red circle, left of a \"\"blue\"\" square\"\n2,b.jpg,three stars\n3,missing.jpg,gone\n");
        var options = new SourceOptions { Path = manifest, PathColumn = "file", CaptionColumn = "text" };
        var r = await h.RunAsync(source: new CsvManifestSource(manifest, options, 8192));
        Assert.Equal(3, r.Summary.Inputs);
        Assert.Contains(r.NewSamples, s => s.Caption == "a red circle, left of a \"blue\" square");
        Assert.Equal(RejectReason.Unreadable, r.RejectOf("missing.jpg").Reason);
    }

    [Fact]
    public async Task Parquet_manifest_with_image_bytes_or_paths()
    {
        using var h = new IngestHarness();
        var bytesManifest = Path.Combine(h.SourceDir, "bytes.parquet");
        await WriteParquet(bytesManifest, new DataField<byte[]>("jpg"), [TestImages.Jpeg(64, 64, 58), TestImages.Png(64, 64, 59)], ["a red square", "a green circle"]);
        var r1 = await h.RunAsync(source: new ParquetManifestSource(bytesManifest, new SourceOptions { Path = bytesManifest, ImageBytesColumn = "jpg", CaptionColumn = "TEXT" }));
        Assert.Equal(2, r1.Summary.Accepted);
        Assert.Contains(r1.NewSamples, s => s.SourceUri.EndsWith("bytes.parquet#row=1", StringComparison.Ordinal) && s.OrigFormat == "png");

        h.Add("p/c.jpg", TestImages.Jpeg(64, 64, 60), null);
        var pathManifest = Path.Combine(h.SourceDir, "paths.parquet");
        await WriteParquet(pathManifest, new DataField<string>("path"), ["p/c.jpg"], ["a purple hexagon"]);
        var r2 = await h.RunAsync(source: new ParquetManifestSource(pathManifest, new SourceOptions { Path = pathManifest, CaptionColumn = "TEXT" }));
        Assert.Equal("a purple hexagon", Assert.Single(r2.NewSamples).Caption);
    }

    [Fact]
    public void Kind_is_detected_from_the_path_and_a_missing_source_cannot_be_opened()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("m.jsonl"), "");
        File.WriteAllText(temp.Combine("m.csv"), "");
        File.WriteAllText(temp.Combine("x.tar"), "");
        Assert.Equal(SourceKind.Jsonl, SourceFactory.Detect(temp.Combine("m.jsonl")));
        Assert.Equal(SourceKind.Csv, SourceFactory.Detect(temp.Combine("m.csv")));
        Assert.Equal(SourceKind.Tar, SourceFactory.Detect(temp.Path));
        File.WriteAllText(temp.Combine("a.jpg"), "");
        Assert.Equal(SourceKind.Folder, SourceFactory.Detect(temp.Path));
        var ex = Assert.Throws<InvalidInputException>(() => SourceFactory.Open(new SourceOptions { Path = temp.Combine("nope") }, 1000, 1000));
        Assert.Contains("does not exist", ex.Message);
        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
    }

    [Fact]
    public async Task Parquet_manifest_without_the_caption_column_fails_the_run_with_a_clear_error()
    {
        using var h = new IngestHarness();
        var manifest = Path.Combine(h.SourceDir, "bad.parquet");
        await WriteParquet(manifest, new DataField<string>("path"), ["a.jpg"], ["x"]);
        var source = new ParquetManifestSource(manifest, new SourceOptions { Path = manifest });
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => h.RunAsync(source: source));
        Assert.Contains("'caption'", ex.Message);
        Assert.Contains("found [path, TEXT]", ex.Message);
    }

    private static async Task WriteParquet<T>(string path, DataField<T> imageField, T[] images, string[] captions)
    {
        var caption = new DataField<string>("TEXT");
        var schema = new ParquetSchema(imageField, caption);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        if (images is byte[][] bytes) await group.WriteAsync(imageField, bytes);
        else await group.WriteAsync(imageField, (string[])(object)images);
        await group.WriteAsync(caption, captions);
    }
}
