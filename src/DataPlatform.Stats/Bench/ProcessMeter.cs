using System.Diagnostics;
using System.Globalization;

namespace DataPlatform.Stats.Bench;

/// <summary>
/// Measures one phase of a benchmark: wall time, peak resident memory of the whole process (managed
/// and DuckDB's native memory; sampled every 20 ms) and bytes the process read through system calls
/// (Linux <c>/proc/self/io</c> rchar; null elsewhere).
/// </summary>
public sealed class ProcessMeter : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long? _readAtStart = ReadBytes();
    private readonly Timer _sampler;
    private long _peak;

    public ProcessMeter()
    {
        _peak = CurrentRss();
        _sampler = new Timer(_ => Sample(), null, 0, 20);
    }

    public PhaseFigures Stop(string phase)
    {
        _clock.Stop();
        _sampler.Dispose();
        Sample();
        var read = ReadBytes();
        return new PhaseFigures(phase, _clock.Elapsed, Interlocked.Read(ref _peak),
            read is { } end && _readAtStart is { } start ? end - start : null);
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        var rss = CurrentRss();
        long seen;
        while (rss > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, rss, seen) != seen)
        {
        }
    }

    private static long CurrentRss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static long? ReadBytes()
    {
        const string path = "/proc/self/io";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("rchar:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}

/// <summary>Figures of one benchmark phase.</summary>
public sealed record PhaseFigures(string Phase, TimeSpan Wall, long PeakRssBytes, long? BytesRead);
