using System.Formats.Tar;
using DataPlatform.Core;
using DataPlatform.Ingest.Sources;
using DataPlatform.Testing;

namespace DataPlatform.Ingest.Tests;

public sealed class TarSourceTests
{
    private static void AddFile(TarWriter writer, string name, byte[] data) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });

    [Fact]
    public async Task Tar_members_with_dotdot_absolute_paths_and_links_are_bad_entries_and_nothing_is_written()
    {
        using var h = new IngestHarness();
        var tar = Path.Combine(h.SourceDir, "shard-000.tar");
        var escapeTarget = Path.Combine(h.Root, "escaped.txt");
        using (var stream = File.Create(tar))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            AddFile(writer, "000001.jpg", TestImages.Jpeg(64, 64, 21));
            AddFile(writer, "000001.txt", "a red circle"u8.ToArray());
            AddFile(writer, "../escaped.txt", "owned"u8.ToArray());
            AddFile(writer, "/tmp/absolute.jpg", TestImages.Jpeg(64, 64, 22));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "000002.jpg") { LinkName = "/etc/passwd" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "000003.jpg") { LinkName = "000001.jpg" });
            AddFile(writer, "000004.png", TestImages.Png(64, 64, 23));
            AddFile(writer, "000004.txt", "two green squares"u8.ToArray());
        }

        var r = await h.RunAsync(source: new TarShardSource(tar, "caption", 1 << 20, 8192));

        Assert.Equal(2, r.Summary.Accepted);
        Assert.Equal(4, r.Summary.RejectedByReason[RejectReason.BadEntry]);
        Assert.Contains(r.Rejects, x => x.SourceUri.EndsWith("#../escaped.txt", StringComparison.Ordinal) && x.Detail.Contains("'..'"));
        Assert.Contains(r.Rejects, x => x.SourceUri.EndsWith("#/tmp/absolute.jpg", StringComparison.Ordinal) && x.Detail.Contains("absolute"));
        Assert.Contains(r.Rejects, x => x.SourceUri.EndsWith("#000002.jpg", StringComparison.Ordinal) && x.Detail.Contains("symbolic link"));
        Assert.Contains(r.Rejects, x => x.SourceUri.EndsWith("#000003.jpg", StringComparison.Ordinal) && x.Detail.Contains("hard link"));
        Assert.False(File.Exists(escapeTarget), "a ../ member must never be written anywhere");
        Assert.False(File.Exists("/tmp/absolute.jpg"), "an absolute member must never be written anywhere");
        Assert.True(r.Summary.Reconciles);
        Assert.All(r.NewSamples, s => Assert.Equal("tar", s.CaptionSource));
    }

    [Fact]
    public async Task Tar_key_without_caption_and_caption_without_image_are_rejected()
    {
        using var h = new IngestHarness();
        var tar = Path.Combine(h.SourceDir, "shard.tar");
        using (var stream = File.Create(tar))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            AddFile(writer, "a.jpg", TestImages.Jpeg(64, 64, 24));
            AddFile(writer, "b.txt", "orphan caption"u8.ToArray());
            AddFile(writer, "c.jpg", TestImages.Jpeg(64, 64, 25));
            AddFile(writer, "c.json", """{"caption": "a yellow star", "url": "x"}"""u8.ToArray());
        }
        var r = await h.RunAsync(source: new TarShardSource(tar, "caption", 1 << 20, 8192));
        Assert.Equal(RejectReason.MissingCaption, r.RejectOf("#a.jpg").Reason);
        Assert.Equal(RejectReason.BadEntry, r.RejectOf("#b").Reason);
        var c = Assert.Single(r.NewSamples);
        Assert.Equal("a yellow star", c.Caption);
        Assert.Equal(["star", "yellow"], c.Concepts);
    }

    [Fact]
    public async Task Truncated_tar_shard_keeps_what_was_read_and_records_the_break()
    {
        using var h = new IngestHarness();
        var tar = Path.Combine(h.SourceDir, "shard.tar");
        using (var stream = File.Create(tar))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            AddFile(writer, "a.jpg", TestImages.Jpeg(64, 64, 26));
            AddFile(writer, "a.txt", "a blue circle"u8.ToArray());
            AddFile(writer, "b.jpg", TestImages.Jpeg(256, 256, 27, quality: 100));
            AddFile(writer, "b.txt", "a pink heart"u8.ToArray());
        }
        var bytes = File.ReadAllBytes(tar);
        File.WriteAllBytes(tar, bytes[..(bytes.Length / 2)]);
        var r = await h.RunAsync(source: new TarShardSource(tar, "caption", 1 << 20, 8192));
        Assert.True(r.Summary.Reconciles);
        Assert.Contains(r.NewSamples, s => s.Caption == "a blue circle");
        Assert.Contains(r.Rejects, x => x.Reason is RejectReason.Unreadable or RejectReason.MissingCaption);
    }
}
