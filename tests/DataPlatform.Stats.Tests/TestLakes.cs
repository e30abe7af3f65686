using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Stats.Synthetic;
using DataPlatform.Testing;

namespace DataPlatform.Stats.Tests;

/// <summary>
/// Lakes for the tests, written through the real Parquet lake writer into a local folder, with the
/// records kept so tests can count them by brute force.
/// </summary>
public sealed class TestLake : IDisposable
{
    private readonly TempLake _lake = new();

    public IObjectStore Store => _lake.Store;

    public string Root => _lake.Path;

    public ManualTimeProvider Clock => _lake.Time;

    /// <summary>Every sample row written, in commit order of the writers (a writer's rows in append order).</summary>
    public List<SampleRecord> Written { get; } = [];

    public List<RejectRecord> Rejects { get; } = [];

    /// <summary>Writes <paramref name="samples"/> and <paramref name="rejects"/> as run <paramref name="run"/>, committed one minute after the previous run.</summary>
    public async Task WriteRunAsync(string run, IEnumerable<SampleRecord> samples, IEnumerable<RejectRecord>? rejects = null,
        LakeWriterOptions? options = null)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var writer = _lake.Writer(run, options);
        foreach (var s in samples)
        {
            await writer.AppendAsync(s);
            Written.Add(s);
        }
        foreach (var r in rejects ?? [])
        {
            await writer.RejectAsync(r);
            Rejects.Add(r);
        }
        await writer.CompleteAsync();
    }

    /// <summary>A Zipf lake of <paramref name="spec"/> as run <paramref name="run"/>.</summary>
    public Task WriteZipfAsync(ZipfLakeSpec spec, string run, LakeWriterOptions? options = null)
    {
        var generator = new ZipfLakeGenerator(spec);
        return WriteRunAsync(run, generator.Samples(run, Clock.GetUtcNow()), generator.Rejects(run, Clock.GetUtcNow()), options);
    }

    /// <summary>The distinct samples as the lake should show them: first written (first committed) wins.</summary>
    public List<SampleRecord> Distinct() =>
        Written.GroupBy(s => s.SampleId).Select(g => g.First()).ToList();

    public Task<LakeSession> OpenAsync(SessionKind kind = SessionKind.Report, IReadOnlyList<string>? writable = null) =>
        LakeSession.OpenAsync(Store, new LakeSessionOptions(Threads: 2, MemoryLimit: "1GB"), kind, writable);

    /// <summary>Every file under the lake folder with its size and content hash, to prove nothing changed.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => SampleIds.Sha256Hex(File.ReadAllBytes(f)));

    public void Dispose() => _lake.Dispose();
}
