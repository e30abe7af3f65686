using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Lake.Caching;

namespace DataPlatform.Stats;

/// <summary>
/// What statistics may see of a lake at one moment: the committed sample and reject shards (listed
/// through their commit records, never by listing shard folders, so an orphan shard is invisible),
/// and the tables training writes (critic scores, train log) plus the current weights snapshot.
/// DuckDB reads local files: a local lake's own files, or for a remote lake verified copies in a
/// <see cref="ShardCache"/>.
/// </summary>
public sealed record LakeSnapshot(
    string Root,
    IReadOnlyList<CommittedShard> Samples,
    IReadOnlyList<CommittedShard> Rejects,
    IReadOnlyList<LakeFile> CriticScores,
    IReadOnlyList<LakeFile> TrainLog,
    WeightsManifest? Weights,
    string? WeightsPath,
    IReadOnlyList<LakeFile>? SampleLosses = null)
{
    /// <summary>Every local file DuckDB may read: the committed shards and the training tables.</summary>
    public IEnumerable<string> ReadableFiles =>
        Samples.Select(s => s.Path)
            .Concat(Rejects.Select(r => r.Path))
            .Concat(CriticScores.Select(c => c.Path))
            .Concat(TrainLog.Select(t => t.Path))
            .Concat((SampleLosses ?? []).Select(t => t.Path))
            .Concat(WeightsPath is null ? [] : [WeightsPath]);

    public static Task<LakeSnapshot> LoadAsync(IObjectStore store, CancellationToken ct = default) =>
        LoadAsync(store, new ShardCache(store, ShardCacheOptions.Default), ct);

    public static async Task<LakeSnapshot> LoadAsync(IObjectStore store, ShardCache cache, CancellationToken ct)
    {
        var commits = new List<CommitRecord>();
        await foreach (var key in CommitRecords.ListKeysAsync(store, ct)) commits.Add(await ReadJsonAsync<CommitRecord>(store, key, ct));

        // First commit wins when writers stored the same sample: order by commit time, then run and seq.
        var ordered = new List<CommittedShard>();
        foreach (var c in commits.OrderBy(c => c.CommittedAt).ThenBy(c => c.Run, StringComparer.Ordinal).ThenBy(c => c.Seq))
        {
            ordered.Add(new CommittedShard(c, await cache.GetLocalPathAsync(c, ct), ordered.Count + 1));
        }
        var samples = ordered.Where(s => s.Commit.Kind == LakeLayout.SampleKind).ToList();
        var rejects = ordered.Where(s => s.Commit.Kind == LakeLayout.RejectKind).ToList();

        var critic = await ListTableAsync(store, cache, LakeLayout.Feedback, StatsLayout.CriticScoresFolder, ct);
        var trainLog = await ListTableAsync(store, cache, LakeLayout.Runs, StatsLayout.TrainLogFolder, ct);
        var losses = await ListTableAsync(store, cache, LakeLayout.Feedback, StatsLayout.SampleLossesFolder, ct);

        WeightsManifest? weights = null;
        string? weightsPath = null;
        if (await store.StatAsync(StatsLayout.WeightsManifest, ct) is not null)
        {
            weights = await ReadJsonAsync<WeightsManifest>(store, StatsLayout.WeightsManifest, ct);
            var info = await store.StatAsync(weights.Key, ct) ?? throw new InvalidInputException(
                $"{StatsLayout.WeightsManifest} in {store.Root} names weights '{weights.Key}', which does not exist");
            weightsPath = await cache.GetLocalPathAsync(info, ct);
        }

        return new LakeSnapshot(store.Root, samples, rejects, critic, trainLog, weights, weightsPath, losses);
    }

    /// <summary>Parquet files under <c>&lt;top&gt;&lt;run&gt;/&lt;folder&gt;/</c>, e.g. feedback/r1/critic_scores/0001.parquet.</summary>
    private static async Task<IReadOnlyList<LakeFile>> ListTableAsync(
        IObjectStore store, ShardCache cache, string top, string folder, CancellationToken ct)
    {
        var files = new List<LakeFile>();
        await foreach (var info in store.ListAsync(top, ct))
        {
            var parts = info.Key[top.Length..].Split('/');
            if (parts.Length == 3 && parts[1] == folder && parts[2].EndsWith(".parquet", StringComparison.Ordinal))
            {
                files.Add(new LakeFile(info.Key, await cache.GetLocalPathAsync(info, ct), info.Size));
            }
        }
        return files;
    }

    private static async Task<T> ReadJsonAsync<T>(IObjectStore store, string key, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(key, ct);
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, cancellationToken: ct)
                ?? throw new InvalidInputException($"{key} in {store.Root} is empty (JSON null)");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{key} in {store.Root} is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}

/// <summary>A committed shard, its local path, and its position in commit order (1 = first).</summary>
public sealed record CommittedShard(CommitRecord Commit, string Path, int CommitOrder);

/// <summary>A file of a training table (critic scores, train log).</summary>
public sealed record LakeFile(string Key, string Path, long Size);
