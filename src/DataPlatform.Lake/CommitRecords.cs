using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>Reads, writes and checks commit records (<c>_commits/&lt;run&gt;-&lt;seq&gt;.json</c>).</summary>
public static partial class CommitRecords
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static byte[] Serialize(CommitRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Json);

    /// <summary>
    /// True for an empty object under <c>_commits/</c>: a record write cut off before its first byte. A store without
    /// atomic puts leaves one (s3rver killed during the PUT of a commit record created the key with no bytes). It
    /// never committed anything, so readers skip it and vacuum removes it as an orphan; any other malformed record is
    /// still an error, since it claims a commit.
    /// </summary>
    public static bool IsCutOff(ObjectInfo info) => info.Size == 0;

    /// <summary>Keys of the commit records under <c>_commits/</c> in ordinal order: the <c>.json</c> objects, less cut-off ones.</summary>
    public static async IAsyncEnumerable<string> ListKeysAsync(IObjectStore store, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var info in store.ListAsync(LakeLayout.Commits, ct))
        {
            if (info.Key.EndsWith(".json", StringComparison.Ordinal) && !IsCutOff(info)) yield return info.Key;
        }
    }

    /// <summary>
    /// Parses and validates the record stored under <paramref name="key"/>; anything malformed is an
    /// <see cref="InvalidInputException"/> naming the key and every problem found.
    /// </summary>
    public static CommitRecord Parse(string key, ReadOnlySpan<byte> json)
    {
        CommitRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<CommitRecord>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"commit record '{key}' is malformed: {ex.Message}", ex);
        }
        if (record is null) throw new InvalidInputException($"commit record '{key}' is malformed: it is JSON null");
        var problems = Problems(key, record);
        if (problems.Count > 0)
        {
            throw new InvalidInputException($"commit record '{key}' is invalid: {string.Join("; ", problems)}");
        }
        return record;
    }

    /// <summary>Reads and parses one commit record from a store.</summary>
    public static async Task<CommitRecord> ReadAsync(IObjectStore store, string key, CancellationToken ct = default)
    {
        await using var stream = await store.OpenReadAsync(key, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return Parse(key, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The sequence number in a commit key of <paramref name="run"/>, or null when the key belongs to another run.</summary>
    public static int? SeqOf(string commitKey, string run)
    {
        var prefix = $"{LakeLayout.Commits}{run}-";
        if (!commitKey.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var match = SeqPattern().Match(commitKey, prefix.Length);
        return match.Success && match.Index == prefix.Length && int.TryParse(match.Groups[1].Value, out var seq) ? seq : null;
    }

    private static List<string> Problems(string key, CommitRecord r)
    {
        var problems = new List<string>();
        if (r.Kind is not (LakeLayout.SampleKind or LakeLayout.RejectKind))
        {
            problems.Add($"kind must be '{LakeLayout.SampleKind}' or '{LakeLayout.RejectKind}', was '{r.Kind}'");
        }
        if (!RunIds.IsValid(r.Run)) problems.Add($"run must be a valid run id, was '{r.Run}'");
        if (r.Seq < 0) problems.Add($"seq must be at least 0, was {r.Seq}");
        if (r.RowCount < 0) problems.Add($"row_count must be at least 0, was {r.RowCount}");
        if (r.ByteSize < 0) problems.Add($"byte_size must be at least 0, was {r.ByteSize}");
        if (r.Sha256 is null || !Sha256Pattern().IsMatch(r.Sha256)) problems.Add($"sha256 must be 64 lower-case hex digits, was '{r.Sha256}'");
        if (r.SchemaVersion < 1 || r.SchemaVersion > LakeSchema.Version)
        {
            problems.Add($"schema_version must be in [1, {LakeSchema.Version}] (this build reads up to {LakeSchema.Version}), was {r.SchemaVersion}");
        }
        if (problems.Count > 0) return problems;

        if (LakeLayout.Commit(r.Run, r.Seq) != key)
        {
            problems.Add($"run '{r.Run}' and seq {r.Seq} belong under '{LakeLayout.Commit(r.Run, r.Seq)}', not '{key}'");
        }
        if (r.Kind == LakeLayout.SampleKind)
        {
            if (r.BucketH is not > 0 || r.BucketW is not > 0)
            {
                problems.Add($"bucket_h and bucket_w must be positive for a samples commit, were {r.BucketH?.ToString() ?? "null"} and {r.BucketW?.ToString() ?? "null"}");
            }
            else if (r.Shard != LakeLayout.SampleShard(r.BucketH.Value, r.BucketW.Value, r.Run, r.Seq))
            {
                problems.Add($"shard must be '{LakeLayout.SampleShard(r.BucketH.Value, r.BucketW.Value, r.Run, r.Seq)}', was '{r.Shard}'");
            }
        }
        else
        {
            if (r.BucketH is not null || r.BucketW is not null) problems.Add("bucket_h and bucket_w must be null for a rejects commit");
            if (r.Shard != LakeLayout.RejectShard(r.Run, r.Seq))
            {
                problems.Add($"shard must be '{LakeLayout.RejectShard(r.Run, r.Seq)}', was '{r.Shard}'");
            }
        }
        return problems;
    }

    [GeneratedRegex(@"^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"\G([0-9]{1,9})\.json$")]
    private static partial Regex SeqPattern();
}
