using System.Text;
using DataPlatform.Core;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Dedup;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Testing;

namespace DataPlatform.Ingest.Tests;

/// <summary>A source folder and a lake in a temporary directory, and ingest runs over them.</summary>
internal sealed class IngestHarness : IDisposable
{
    private readonly TempDirectory _temp = new("dp-ingest");
    private readonly List<SampleRecord> _lakeSamples = [];
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
        var existing = new ExistingSamples(
            _lakeSamples.Select(s => s.SampleId).ToHashSet(), _lakeSamples.Select(s => (s.SampleId, s.Phash)).ToList());
        await using var writer = new RecordingLakeWriter(run);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var summary = await new IngestRunner(options, vocabulary, clock).RunAsync(source, writer, existing);
        _lakeSamples.AddRange(writer.Samples);
        return new RunResult(summary, [.. _lakeSamples], writer.Samples, writer.Rejects);
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
