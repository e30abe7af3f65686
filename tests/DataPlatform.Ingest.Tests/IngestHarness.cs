using System.Text;
using DataPlatform.Core;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Dedup;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Ingest.Tests;

/// <summary>A source folder and a lake in a temporary directory, and ingest runs over them.</summary>
internal sealed class IngestHarness : IDisposable
{
    private readonly TempDirectory _temp = new("dp-ingest");
    private int _runs;

    public IngestHarness()
    {
        SourceDir = _temp.Combine("source");
        LakeDir = _temp.Combine("lake");
        Directory.CreateDirectory(SourceDir);
    }

    public string SourceDir { get; }
    public string LakeDir { get; }
    public string Root => _temp.Path;

    /// <summary>Writes an image file and (unless null) its caption sidecar.</summary>
    public string Add(string name, byte[] image, string? caption, string sidecar = "txt")
    {
        var path = Path.Combine(SourceDir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, image);
        if (caption is not null) File.WriteAllText(Path.ChangeExtension(path, sidecar), caption);
        return path;
    }

    public string AddCaptionBytes(string imageName, byte[] caption, string sidecar = "txt")
    {
        var path = Path.ChangeExtension(Path.Combine(SourceDir, imageName), sidecar);
        File.WriteAllBytes(path, caption);
        return path;
    }

    public static IngestOptions SmallOptions => new() { TargetSides = [64], Workers = 2, QueueCapacity = 4 };

    public Task<RunResult> RunAsync(IngestOptions? options = null, IIngestSource? source = null, ConceptVocabulary? vocabulary = null)
    {
        options ??= SmallOptions;
        source ??= new FolderSource(SourceDir);
        return RunCoreAsync(options, source, vocabulary ?? ConceptVocabulary.Default());
    }

    private async Task<RunResult> RunCoreAsync(IngestOptions options, IIngestSource source, ConceptVocabulary vocabulary)
    {
        var run = $"run{++_runs}";
        var store = new LocalObjectStore(LakeDir);
        var reader = new LakeReader(store);
        var existing = await ExistingSamples.ReadAsync(reader);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        IngestSummary summary;
        await using (var writer = LakeWriter.Create(store, run, new LakeWriterOptions(), clock))
        {
            summary = await new IngestRunner(options, vocabulary, clock).RunAsync(source, writer, existing);
        }
        var lake = new List<SampleRecord>();
        await foreach (var s in reader.ReadAllSamplesAsync(includeImage: true)) lake.Add(s);
        var rejects = new List<RejectRecord>();
        await foreach (var r in reader.ReadAllRejectsAsync()) if (r.IngestRun == run) rejects.Add(r);
        return new RunResult(summary, lake, lake.Where(s => s.IngestRun == run).ToList(), rejects);
    }

    public void Dispose() => _temp.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>A run's summary, every sample committed in the lake after it, its own new samples and its rejects.</summary>
internal sealed record RunResult(IngestSummary Summary, IReadOnlyList<SampleRecord> LakeSamples, IReadOnlyList<SampleRecord> NewSamples, IReadOnlyList<RejectRecord> Rejects)
{
    public RejectRecord RejectOf(string fileName) =>
        Rejects.Single(r => r.SourceUri.EndsWith(fileName, StringComparison.Ordinal));

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
