using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.Curation;
using DataPlatform.Lake;
using DataPlatform.Stats;

namespace DataPlatform.Training;

/// <summary>Reads weights snapshots of the lake into stream weights, and publishes the feedback weights of a run as new snapshots.</summary>
public static class WeightsTables
{
    /// <summary>
    /// The run's starting weights: "uniform"; "current" (the lake's current snapshot, uniform when there is none);
    /// "statistical" (the latest snapshot of <c>dp weights</c>, never a training run's feedback weights); or a snapshot
    /// version. These are also the w_stat the feedback multiplies.
    /// </summary>
    public static async Task<SamplingWeights> LoadStartingAsync(IObjectStore store, SampleIndex index, string choice, CancellationToken ct)
    {
        if (choice == "uniform") return SamplingWeights.Uniform(index);
        string key;
        if (choice == "current")
        {
            var manifest = await ReadManifestAsync(store, StatsLayout.WeightsManifest, ct);
            if (manifest is null) return SamplingWeights.Uniform(index);
            key = manifest.Key;
        }
        else if (choice == "statistical")
        {
            key = (await StatisticalManifestAsync(store, ct)).Key;
        }
        else
        {
            key = StatsLayout.Weights(choice);
        }
        if (await store.StatAsync(key, ct) is null)
            throw new InvalidInputException($"weights snapshot {key} does not exist in lake {store.Root} (stream.weights is '{choice}'; run dp weights first, or use uniform)");
        var table = await ReadAsync(store, key, ct);
        return SamplingWeights.FromTable(index, table, Path.GetFileNameWithoutExtension(key));
    }

    /// <summary>
    /// statistical.json; in a lake whose weights predate it, current.json when <c>dp weights</c> wrote it.
    /// </summary>
    private static async Task<WeightsManifest> StatisticalManifestAsync(IObjectStore store, CancellationToken ct)
    {
        if (await ReadManifestAsync(store, StatsLayout.StatisticalWeightsManifest, ct) is { } statistical) return statistical;
        if (await ReadManifestAsync(store, StatsLayout.WeightsManifest, ct) is { Source: not WeightsManifest.FeedbackSource } current) return current;
        throw new InvalidInputException(
            $"lake {store.Root} has no statistical weights snapshot ({StatsLayout.StatisticalWeightsManifest}); stream.weights is 'statistical': run dp weights first, or name a snapshot version");
    }

    private static async Task<WeightsManifest?> ReadManifestAsync(IObjectStore store, string key, CancellationToken ct)
    {
        if (await store.StatAsync(key, ct) is null) return null;
        await using var stream = await store.OpenReadAsync(key, ct);
        return await JsonSerializer.DeserializeAsync<WeightsManifest>(stream, cancellationToken: ct)
            ?? throw new InvalidInputException($"{key} in {store.Root} is empty");
    }

    /// <summary>sample_id -> weight of one snapshot (read with an in-memory DuckDB).</summary>
    public static async Task<Dictionary<string, double>> ReadAsync(IObjectStore store, string key, CancellationToken ct)
    {
        string? temp = null;
        var path = store.TryGetLocalPath(key);
        if (path is null)
        {
            temp = Path.Combine(Path.GetTempPath(), $"dp-weights-{Guid.NewGuid():N}.parquet");
            await using (var content = await store.OpenReadAsync(key, ct))
            await using (var file = File.Create(temp)) await content.CopyToAsync(file, ct);
            path = temp;
        }
        try
        {
            using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT sample_id, weight FROM read_parquet({LakeColumns.Literal(path)})";
            using var reader = command.ExecuteReader();
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            while (reader.Read())
            {
                if (reader.IsDBNull(0) || reader.IsDBNull(1)) throw new InvalidInputException($"weights snapshot {key} has a row without sample_id or weight");
                result[reader.GetString(0)] = reader.GetDouble(1);
            }
            return result;
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw new InvalidInputException($"weights snapshot {key} in {store.Root} cannot be read: {e.Message}", e);
        }
        finally
        {
            if (temp is not null) File.Delete(temp);
        }
    }

    /// <summary>Writes stats/weights/&lt;version&gt;.parquet (and, when <paramref name="publish"/>, current.json naming it).</summary>
    public static async Task PublishAsync(IObjectStore store, SampleIndex index, SamplingWeights weights, SamplingWeights wStat,
        double floor, bool publish, TimeProvider time, CancellationToken ct)
    {
        var key = StatsLayout.Weights(weights.Version);
        await new ParquetTable()
            .Strings("sample_id", index.Samples.Select(s => s.SampleId).ToArray())
            .Doubles("weight", weights.Values.ToArray())
            .Doubles("w_stat", wStat.Values.ToArray())
            .Strings("version", Enumerable.Repeat(weights.Version, index.Samples.Count).ToArray())
            .PutAsync(store, key, ct);
        if (!publish) return;
        var manifest = new WeightsManifest
        {
            Version = weights.Version, Key = key, Alpha = 0, Floor = floor, Samples = index.Samples.Count, CreatedAt = time.GetUtcNow(),
            Source = WeightsManifest.FeedbackSource,
        };
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }));
        await store.PutAsync(StatsLayout.WeightsManifest, json, ct);
    }
}
