using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>Options of <see cref="LakeVacuum"/>.</summary>
/// <param name="MinAge">
/// Only objects at least this old are removed, so the shards of a writer that is still running (put but
/// not yet committed) are left alone (default 1 hour).
/// </param>
/// <param name="DryRun">List what would be removed without removing anything (default false).</param>
public sealed record VacuumOptions(TimeSpan? MinAge = null, bool DryRun = false)
{
    public static readonly TimeSpan DefaultMinAge = TimeSpan.FromHours(1);

    public TimeSpan EffectiveMinAge => MinAge ?? DefaultMinAge;

    public void Validate(Validation v, string prefix = "vacuum")
    {
        if (EffectiveMinAge < TimeSpan.Zero) v.Add($"{prefix}.min_age must be at least 0, was {EffectiveMinAge}");
    }
}

/// <summary>An object vacuum removed (or would remove, in a dry run) or left alone because it is too young.</summary>
/// <param name="Key">The object key (for temporary objects, the store's temp key).</param>
/// <param name="Why">Why it is an orphan: <c>uncommitted shard</c>, <c>empty commit record (a cut-off write)</c> or <c>leftover temporary file</c>.</param>
public sealed record VacuumItem(string Key, long Size, DateTimeOffset LastModified, string Why);

/// <summary>What a vacuum found and did.</summary>
/// <param name="Removed">Orphans removed, or that a dry run would remove.</param>
/// <param name="TooYoung">Orphans younger than the minimum age, left alone (maybe a running writer's).</param>
/// <param name="Errors">Commit records whose shard is missing: reported, never deleted (verify shows them too).</param>
public sealed record VacuumResult(IReadOnlyList<VacuumItem> Removed, IReadOnlyList<VacuumItem> TooYoung,
    IReadOnlyList<string> Errors, bool DryRun);

/// <summary>
/// Lists and removes orphans: shard and reject files that no commit record names, empty commit records (a put cut off
/// on a store without atomic puts), and temporary files an interrupted put left behind. Commit records are listed before shards, so a shard committed during
/// the vacuum is at worst seen as young, never removed. A malformed commit record stops the vacuum
/// before anything is removed (it may name a shard that would otherwise look orphaned).
/// </summary>
public static class LakeVacuum
{
    public static async Task<VacuumResult> RunAsync(IObjectStore store, VacuumOptions options, TimeProvider time,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var validation = new Validation();
        options.Validate(validation);
        validation.ThrowIfInvalid();

        var commits = await new LakeReader(store).ListCommitsAsync(ct);
        var committed = commits.Select(c => c.Shard).ToHashSet(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var commit in commits)
        {
            if (await store.StatAsync(commit.Shard, ct) is null)
            {
                errors.Add($"commit record '{LakeLayout.Commit(commit.Run, commit.Seq)}' names shard '{commit.Shard}', which is missing");
            }
        }

        var orphans = new List<VacuumItem>();
        foreach (var prefix in new[] { LakeLayout.Shards, LakeLayout.Rejects })
        {
            await foreach (var info in store.ListAsync(prefix, ct))
            {
                if (!committed.Contains(info.Key)) orphans.Add(new(info.Key, info.Size, info.LastModified, "uncommitted shard"));
            }
        }
        await foreach (var info in store.ListAsync(LakeLayout.Commits, ct))
        {
            if (CommitRecords.IsCutOff(info)) orphans.Add(new(info.Key, info.Size, info.LastModified, "empty commit record (a cut-off write)"));
        }
        var temps = new List<VacuumItem>();
        await foreach (var info in store.ListTempObjectsAsync("", ct))
        {
            temps.Add(new(info.Key, info.Size, info.LastModified, "leftover temporary file"));
        }

        var now = time.GetUtcNow();
        bool Old(VacuumItem item) => now - item.LastModified >= options.EffectiveMinAge;
        var removed = orphans.Concat(temps).Where(Old).ToList();
        var young = orphans.Concat(temps).Where(i => !Old(i)).ToList();
        if (!options.DryRun)
        {
            foreach (var item in removed)
            {
                if (temps.Contains(item)) await store.DeleteTempObjectAsync(item.Key, ct);
                else await store.DeleteAsync(item.Key, ct);
            }
        }
        return new VacuumResult(removed, young, errors, options.DryRun);
    }
}
