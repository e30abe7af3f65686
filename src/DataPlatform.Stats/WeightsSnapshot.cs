using System.Globalization;
using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.Lake;

namespace DataPlatform.Stats;

/// <summary>
/// <c>dp weights</c>: computes the sampling weights in SQL over a report session, stores them as an
/// immutable snapshot <c>stats/weights/&lt;version&gt;.parquet</c> (then the manifest
/// <c>stats/weights/current.json</c> naming it, so a reader never sees a manifest without its table),
/// and reports how the effective concept distribution changes.
/// </summary>
public static class WeightsSnapshot
{
    public static async Task<WeightsResult> ComputeAsync(
        LakeSession session, IObjectStore store, WeightsOptions options, TimeProvider time, CancellationToken ct = default)
    {
        var v = new Validation();
        options.Validate(v);
        v.ThrowIfInvalid();

        var version = options.ResolveVersion(time);
        var key = StatsLayout.Weights(version);
        if (await store.StatAsync(key, ct) is not null)
        {
            throw new InvalidInputException($"weights version '{version}' already exists in {store.Root} ({key}); snapshots are immutable, choose another --version");
        }

        var samples = session.Scalar<long>("SELECT count(*) FROM sample_facts");
        if (samples == 0)
        {
            throw new InvalidInputException($"lake {store.Root} has no committed samples to weight");
        }

        var capTerm = options.Cap is { } cap
            ? $"1 - product(1 - least(1.0, {cap.ToString(CultureInfo.InvariantCulture)} / freq.f))"
            : "1.0";
        session.Execute(SqlCatalog.Fill("compute/weights.sql", SqlCatalog.Compute("weights"), new Dictionary<string, string>
        {
            ["alpha"] = LakeColumns.Literal(options.Alpha),
            ["floor"] = LakeColumns.Literal(options.Floor),
            ["cap_term"] = capTerm,
        }));
        var effect = session.Query(SqlCatalog.Compute("weights_effect")).Rows
            .Select(r => new ClassShift((string)r[0]!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture),
                Convert.ToDouble(r[2], CultureInfo.InvariantCulture), Convert.ToDouble(r[3], CultureInfo.InvariantCulture)))
            .ToList();
        var range = session.Query("SELECT min(weight), max(weight), sum(weight) FROM weight_calc").Rows[0];

        var file = Path.Combine(session.Scratch, version + ".parquet");
        session.Execute(
            $"COPY (SELECT sample_id, weight, w_stat, {LakeColumns.Literal(version)} AS version FROM weight_calc ORDER BY sample_id) " +
            $"TO {LakeColumns.Literal(file)} (FORMAT parquet, COMPRESSION zstd)");
        await using (var content = File.OpenRead(file))
        {
            await store.PutAsync(key, content, ct);
        }

        var manifest = new WeightsManifest
        {
            Version = version,
            Key = key,
            Alpha = options.Alpha,
            Cap = options.Cap,
            Floor = options.Floor,
            Samples = samples,
            CreatedAt = time.GetUtcNow(),
            Source = WeightsManifest.StatisticsSource,
        };
        var manifestJson = JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true });
        foreach (var manifestKey in new[] { StatsLayout.StatisticalWeightsManifest, StatsLayout.WeightsManifest })
        {
            using var json = new MemoryStream(manifestJson);
            await store.PutAsync(manifestKey, json, ct);
        }

        return new WeightsResult(manifest, effect,
            Convert.ToDouble(range[0], CultureInfo.InvariantCulture),
            Convert.ToDouble(range[1], CultureInfo.InvariantCulture),
            Convert.ToDouble(range[2], CultureInfo.InvariantCulture));
    }
}

/// <summary>The stored snapshot, how each concept class's share moved, and the weight range.</summary>
public sealed record WeightsResult(WeightsManifest Manifest, IReadOnlyList<ClassShift> Classes, double MinWeight, double MaxWeight, double Sum);

/// <summary>Share of tag occurrences of one concept class before (lake) and after (weighted stream).</summary>
public sealed record ClassShift(string Class, long Concepts, double BeforeShare, double AfterShare);
