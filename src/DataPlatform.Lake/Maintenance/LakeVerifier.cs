using System.Security.Cryptography;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>One problem verify found: the object it concerns and what is wrong, with the evidence.</summary>
public sealed record LakeFinding(string Key, string Problem)
{
    public override string ToString() => $"{Key}: {Problem}";
}

/// <summary>
/// Checks everything that is committed: every commit record parses; its shard exists; the shard's byte
/// size and SHA-256 match the record; the Parquet footer is readable, says the same kind and holds the
/// recorded number of rows.
/// </summary>
public static class LakeVerifier
{
    /// <summary>Every finding; an empty list means the lake is consistent. <paramref name="progress"/> gets the number of commits checked so far.</summary>
    public static async Task<IReadOnlyList<LakeFinding>> VerifyAsync(IObjectStore store, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var keys = await CommitRecords.ListKeysAsync(store, ct).ToListAsync(ct);

        var findings = new List<LakeFinding>();
        for (var i = 0; i < keys.Count; i++)
        {
            progress?.Report((i, keys.Count));
            CommitRecord commit;
            try
            {
                commit = await CommitRecords.ReadAsync(store, keys[i], ct);
            }
            catch (InvalidInputException ex)
            {
                findings.Add(new(keys[i], ex.Message));
                continue;
            }
            if (await CheckShardAsync(store, commit, ct) is { } problem) findings.Add(new(commit.Shard, problem));
        }
        progress?.Report((keys.Count, keys.Count));
        return findings;
    }

    private static async Task<string?> CheckShardAsync(IObjectStore store, CommitRecord commit, CancellationToken ct)
    {
        var commitKey = LakeLayout.Commit(commit.Run, commit.Seq);
        var info = await store.StatAsync(commit.Shard, ct);
        if (info is null) return $"missing, but committed by '{commitKey}'";
        if (info.Size != commit.ByteSize) return $"size is {info.Size} bytes, commit record '{commitKey}' says {commit.ByteSize}";

        string sha256;
        await using (var stream = await store.OpenReadAsync(commit.Shard, ct))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        if (sha256 != commit.Sha256) return $"sha256 is {sha256}, commit record '{commitKey}' says {commit.Sha256}";

        try
        {
            await using var shard = await ShardFile.OpenAsync(store, commit, ct);
            var rows = shard.Reader.Metadata?.NumRows ?? -1;
            if (rows != commit.RowCount) return $"holds {rows} rows, commit record '{commitKey}' says {commit.RowCount}";
            var version = shard.Reader.CustomMetadata.GetValueOrDefault(ShardMetadata.SchemaVersionKey);
            if (version != commit.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return $"footer says schema version '{version}', commit record '{commitKey}' says {commit.SchemaVersion}";
            }
        }
        catch (InvalidInputException ex)
        {
            return ex.Message;
        }
        return null;
    }
}
