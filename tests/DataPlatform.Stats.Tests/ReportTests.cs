using DataPlatform.Stats.Synthetic;
using DataPlatform.Testing;

namespace DataPlatform.Stats.Tests;

public sealed class ReportTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Report_writes_markdown_csv_and_two_png_plots()
    {
        using var lake = new TestLake();
        await lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 600, Concepts: 40, Rejects: 12), "run-a");
        using var output = new TempDirectory("dp-report");
        using var session = await lake.OpenAsync();

        var report = LongTailReport.Read(session);
        var files = ReportWriter.Write(report, output.Path);

        Assert.Equal(4, files.Count);
        var markdown = File.ReadAllText(output.Combine("report.md"));
        foreach (var section in new[] { "## Rejects by reason", "## Resolution buckets", "## Concept frequency", "## Rarest 20 concepts", "## Caption length" })
        {
            Assert.Contains(section, markdown);
        }
        Assert.Contains($"- samples: {lake.Distinct().Count} ", markdown);
        Assert.Equal(BruteForce.Concepts(lake.Distinct()).Count + 1, File.ReadAllLines(output.Combine("concepts.csv")).Length);
        foreach (var png in new[] { "rank_frequency.png", "buckets.png" })
        {
            var bytes = File.ReadAllBytes(output.Combine(png));
            Assert.True(bytes.Length > 5000, $"{png} is only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes[..8]);
        }
        // The rarest concepts are the highest ranks, rarest first.
        var rarest = report.Rarest(5).ToList();
        Assert.Equal(report.Concepts.Max(c => c.Rank), rarest[0].Rank);
        Assert.True(rarest.Zip(rarest.Skip(1)).All(p => p.First.Frequency <= p.Second.Frequency));
    }

    [Fact]
    public async Task An_empty_lake_gives_an_empty_report_not_an_error()
    {
        using var lake = new TestLake();
        using var output = new TempDirectory("dp-report");
        using var session = await lake.OpenAsync();

        var report = LongTailReport.Read(session);
        ReportWriter.Write(report, output.Path);

        Assert.Equal(0, report.Samples);
        Assert.Empty(report.Concepts);
        Assert.Null(report.Summary.Gini);
        Assert.True(File.Exists(output.Combine("report.md")));
    }
}
