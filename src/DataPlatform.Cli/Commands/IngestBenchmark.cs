using System.Diagnostics;
using DataPlatform.Ingest;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Dedup;
using DataPlatform.Ingest.Demo;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// The measurements behind <c>dp bench ingest</c>: ingest throughput and CPU utilisation against
/// <c>vipsthumbnail</c> doing the same resize-to-cover + centre crop over the same files, and peak
/// memory (VmHWM, reset between runs via /proc/self/clear_refs) for growing input counts.
/// </summary>
internal sealed class IngestBenchmark(string workDir, int workers)
{
    public sealed record Throughput(string Images, int Side, int Count, double Seconds, double CpuSeconds, int Cores)
    {
        public double ImagesPerSecond => Count / Seconds;
        public double CpuUtilisation => CpuSeconds / (Seconds * Cores);

        /// <summary>Images per CPU-second: the efficiency figure that stays fair when other load shares the cores.</summary>
        public double ImagesPerCpuSecond => Count / CpuSeconds;
    }

    /// <summary>The PNG zlib level both contenders use (ingest's default).</summary>
    private static readonly int PngLevel = new IngestOptions().PngCompressionLevel;

    public sealed record Memory(int Count, double Seconds, long PeakBytes, long ManagedBytes, long Accepted);

    /// <summary>The cached source folder of <paramref name="count"/> JPEGs of the given size (generated on first use).</summary>
    public string Images(int width, int height, int count)
    {
        var folder = Path.Combine(workDir, $"jpeg-{width}x{height}-{count}");
        var marker = Path.Combine(folder, ".complete");
        if (File.Exists(marker)) return folder;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        DemoDataset.WriteJpegs(folder, count, width, height, new Random(width * 31 + height));
        File.WriteAllText(marker, "");
        return folder;
    }

    /// <summary>Reads every file once so neither contender pays for a cold page cache.</summary>
    public static void Warm(string folder)
    {
        foreach (var file in Directory.GetFiles(folder)) File.ReadAllBytes(file);
    }

    public async Task<Throughput> IngestAsync(string folder, string label, int side, CancellationToken ct)
    {
        var lake = Path.Combine(workDir, $"lake-{Guid.NewGuid():N}");
        try
        {
            return await IngestIntoAsync(folder, new LocalObjectStore(lake), label, side, ct);
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    /// <summary>
    /// Ingests every input of <paramref name="folder"/> into a fresh lake on <paramref name="store"/>
    /// (after an untimed warm-up into a local lake) and measures wall and CPU time; fails unless all are accepted.
    /// </summary>
    public async Task<Throughput> IngestIntoAsync(string folder, IObjectStore store, string label, int side, CancellationToken ct)
    {
        var options = new IngestOptions { TargetSides = [side], Workers = workers, QueueCapacity = 4 * workers };
        await WarmUpAsync(folder, options, ct);
        var (seconds, cpu, summary) = await Measure(async () =>
        {
            await using var writer = LakeWriter.Create(store, "bench", new LakeWriterOptions(), TimeProvider.System);
            return await new IngestRunner(options, ConceptVocabulary.Default(), TimeProvider.System)
                .RunAsync(new FolderSource(folder), writer, ExistingSamples.None, null, ct);
        });
        if (summary.Accepted != summary.Inputs)
            throw new InvalidOperationException($"benchmark ingest accepted {summary.Accepted} of {summary.Inputs} inputs");
        return new Throughput(label, side, (int)summary.Inputs, seconds, cpu, Environment.ProcessorCount);
    }

    /// <summary>
    /// <c>vipsthumbnail --size SxS --smartcrop centre</c> (shrink to cover, centre crop, PNG out) over the
    /// same files, split across <c>workers</c> parallel processes. CPU time comes from the children's rusage.
    /// </summary>
    public async Task<Throughput> VipsAsync(string folder, string label, int side, CancellationToken ct)
    {
        var output = Path.Combine(workDir, $"vips-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            var files = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).ToArray();
            var chunks = files.Select((f, i) => (f, i)).GroupBy(x => x.i % workers, x => x.f).ToArray();
            var childCpuBefore = ChildCpu.Seconds();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(chunks.Select(chunk => RunVips(chunk.ToArray(), side, output, ct)));
            var seconds = watch.Elapsed.TotalSeconds;
            var produced = Directory.GetFiles(output).Length;
            if (produced != files.Length) throw new InvalidOperationException($"vipsthumbnail wrote {produced} of {files.Length} thumbnails");
            return new Throughput(label, side, files.Length, seconds, ChildCpu.Seconds() - childCpuBefore, Environment.ProcessorCount);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    public async Task<Memory> PeakMemoryAsync(string distinctImages, int count, int side, CancellationToken ct)
    {
        // Inputs: the distinct JPEGs repeated, each copy with its own caption, so every input is a new sample.
        var folder = Path.Combine(workDir, $"memory-{count}");
        if (!File.Exists(Path.Combine(folder, ".complete")))
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            var images = Directory.GetFiles(distinctImages, "*.jpg").Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < count; i++)
            {
                File.Copy(images[i % images.Length], Path.Combine(folder, $"m{i:D6}.jpg"));
                File.WriteAllText(Path.Combine(folder, $"m{i:D6}.txt"), $"image number {i}, a copy of {Path.GetFileName(images[i % images.Length])}");
            }
            File.WriteAllText(Path.Combine(folder, ".complete"), "");
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ResetPeakRss();
        var lake = Path.Combine(workDir, $"lake-{Guid.NewGuid():N}");
        try
        {
            var options = new IngestOptions { TargetSides = [side], Workers = workers, QueueCapacity = 4 * workers };
            var store = new LocalObjectStore(lake);
            var (seconds, _, summary) = await Measure(async () =>
            {
                await using var writer = LakeWriter.Create(store, "memory", new LakeWriterOptions(), TimeProvider.System);
                return await new IngestRunner(options, ConceptVocabulary.Default(), TimeProvider.System)
                    .RunAsync(new FolderSource(folder), writer, ExistingSamples.None, null, ct);
            });
            return new Memory(count, seconds, PeakRss(), GC.GetTotalMemory(false), summary.Accepted);
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    /// <summary>Runs the pipeline over a few inputs first so JIT compilation is not timed.</summary>
    private async Task WarmUpAsync(string folder, IngestOptions options, CancellationToken ct)
    {
        var sample = Path.Combine(workDir, "warmup");
        if (Directory.Exists(sample)) Directory.Delete(sample, recursive: true);
        Directory.CreateDirectory(sample);
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal).Take(8))
            File.Copy(file, Path.Combine(sample, Path.GetFileName(file)));
        var lake = Path.Combine(workDir, $"lake-{Guid.NewGuid():N}");
        await using (var writer = LakeWriter.Create(new LocalObjectStore(lake), "warmup", new LakeWriterOptions(), TimeProvider.System))
        {
            await new IngestRunner(options, ConceptVocabulary.Default(), TimeProvider.System)
                .RunAsync(new FolderSource(sample), writer, ExistingSamples.None, null, ct);
        }
        Directory.Delete(lake, recursive: true);
        Directory.Delete(sample, recursive: true);
    }

    private static async Task<(double Seconds, double Cpu, T Result)> Measure<T>(Func<Task<T>> work)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await work();
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds, result);
    }

    private static async Task RunVips(string[] files, int side, string output, CancellationToken ct)
    {
        var start = new ProcessStartInfo("vipsthumbnail") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--size", $"{side}x{side}", "--smartcrop", "centre", "-o", Path.Combine(output, $"%s.png[compression={PngLevel}]") }) start.ArgumentList.Add(arg);
        foreach (var file in files) start.ArgumentList.Add(file);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("vipsthumbnail did not start");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"vipsthumbnail exited {process.ExitCode}: {await stderr}");
    }

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM) of this process.</summary>
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>VmHWM from /proc/self/status in bytes, or the .NET peak working set where /proc is absent.</summary>
    private static long PeakRss()
    {
        const string path = "/proc/self/status";
        if (File.Exists(path))
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>CPU seconds (user + system) of all waited-for child processes, from getrusage(RUSAGE_CHILDREN).</summary>
    private static class ChildCpu
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int getrusage(int who, out RUsage usage);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct RUsage
        {
            public long UserSec, UserUsec, SysSec, SysUsec;
            public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
        }

        public static double Seconds() =>
            getrusage(-1, out var u) == 0 ? u.UserSec + u.UserUsec / 1e6 + u.SysSec + u.SysUsec / 1e6 : double.NaN;
    }
}
