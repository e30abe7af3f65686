using System.Text;
using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Rendering;

namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>What a synthesis run wrote.</summary>
public sealed record SynthResult(string OutputDirectory, int Count, long PngBytes, TimeSpan Elapsed);

/// <summary>
/// Writes a ShapeWorld dataset in the folder + caption-sidecar layout that ingest reads:
/// <c>&lt;id&gt;.png</c> + <c>&lt;id&gt;.txt</c> (the caption), <c>&lt;id&gt;.enhanced.txt</c> when enhanced
/// captions are on, <c>scenes.jsonl</c> (ground truth and captions, one line per sample in index order,
/// also usable as a JSONL manifest: "file" + "caption") and <c>synth.json</c> (the options used).
/// Sidecars can be turned off (<see cref="SynthOptions.Sidecars"/>). Samples are generated in parallel; each depends only on
/// (seed, index), so the bytes written do not depend on the number of workers.
/// </summary>
public sealed class ShapeWorldSynthesizer(SynthOptions options, TimeProvider time)
{
    public const string ScenesFile = "scenes.jsonl";
    public const string ManifestFile = "synth.json";
    private const int BatchSize = 2048;

    public SynthResult Run(string outputDirectory, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var sampler = new SceneSampler(options);
        var started = time.GetTimestamp();
        try
        {
            Directory.CreateDirectory(outputDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataPlatformException($"cannot create output folder {outputDirectory}: {ex.Message}", ex);
        }
        var digits = Math.Max(6, options.Count.ToString().Length);
        long pngBytes = 0;
        using var scenes = new StreamWriter(Path.Combine(outputDirectory, ScenesFile), append: false, new UTF8Encoding(false));
        scenes.NewLine = "\n";
        var lines = new string[BatchSize];
        for (var start = 0; start < options.Count; start += BatchSize)
        {
            var n = Math.Min(BatchSize, options.Count - start);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = cancel };
            Parallel.For(0, n, parallel, () => 0L, (i, _, bytes) =>
            {
                var index = start + i;
                var id = $"{options.IdPrefix}-{index.ToString().PadLeft(digits, '0')}";
                var scene = sampler.Sample(index);
                var png = PngCodec.Encode(RgbImage.Of(scene));
                WriteFile(Path.Combine(outputDirectory, id + ".png"), png);
                if (options.Sidecars) WriteFile(Path.Combine(outputDirectory, id + ".txt"), Encoding.UTF8.GetBytes(scene.Caption + "\n"));
                if (options.Sidecars && scene.EnhancedCaption is not null)
                {
                    WriteFile(Path.Combine(outputDirectory, id + ".enhanced.txt"), Encoding.UTF8.GetBytes(scene.EnhancedCaption + "\n"));
                }
                lines[i] = SceneJson.ToJsonLine(id, scene);
                return bytes + png.Length;
            }, bytes => Interlocked.Add(ref pngBytes, bytes));
            for (var i = 0; i < n; i++) scenes.WriteLine(lines[i]);
            progress?.Report(start + n);
        }
        File.WriteAllText(Path.Combine(outputDirectory, ManifestFile), Manifest(), new UTF8Encoding(false));
        return new SynthResult(outputDirectory, options.Count, pngBytes, time.GetElapsedTime(started));
    }

    private string Manifest() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["generator"] = "shapeworld",
        ["version"] = 1,
        ["count"] = options.Count,
        ["width"] = options.Width,
        ["height"] = options.Height,
        ["seed"] = options.Seed,
        ["colour_zipf"] = options.ColourZipf,
        ["shape_zipf"] = options.ShapeZipf,
        ["count_zipf"] = options.CountZipf,
        ["max_objects"] = options.MaxObjects,
        ["counting_fraction"] = options.CountingFraction,
        ["relation_fraction"] = options.RelationFraction,
        ["colourless_fraction"] = options.ColourlessFraction,
        ["size_mention_fraction"] = options.SizeMentionFraction,
        ["large_fraction"] = options.LargeFraction,
        ["holdout"] = options.Holdout.ToString(),
        ["enhanced"] = options.Enhanced,
        ["sidecars"] = options.Sidecars,
    }, new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static void WriteFile(string path, byte[] bytes)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, bytes.Length);
            RandomAccess.Write(handle, bytes, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataPlatformException($"cannot write {path}: {ex.Message}", ex);
        }
    }
}
