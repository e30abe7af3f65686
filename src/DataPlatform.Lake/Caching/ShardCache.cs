using System.Security.Cryptography;
using DataPlatform.Core;

namespace DataPlatform.Lake.Caching;

/// <summary>
/// Local files for the objects of a lake, for readers that need paths (DuckDB). A local store's own
/// path is returned as is; for a remote store a copy is kept in the cache folder, named by the
/// commit's sha256. A copy is downloaded to a unique temporary name, checked against the commit
/// record (sha256 and byte size), then renamed into place, so a reader (this process or another
/// sharing the folder) sees either no file or a whole, verified one. Least-recently-used files are
/// evicted to stay under <see cref="ShardCacheOptions.MaxBytes"/>; files this instance returned are
/// pinned and never evicted by it. Thread-safe.
/// </summary>
public sealed class ShardCache
{
    private const string TempMarker = ".tmp-";
    private readonly IObjectStore _store;
    private readonly ShardCacheOptions _options;
    private readonly HashSet<string> _pinned = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ShardCache(IObjectStore store, ShardCacheOptions options)
    {
        var v = new Validation();
        options.Validate(v);
        v.ThrowIfInvalid();
        _store = store;
        _options = options with { Folder = Path.GetFullPath(options.Folder) };
    }

    /// <summary>Local path of a committed shard: the store's own file, or a verified cached copy.</summary>
    public Task<string> GetLocalPathAsync(CommitRecord commit, CancellationToken ct = default) =>
        _store.TryGetLocalPath(commit.Shard) is { } local
            ? Task.FromResult(local)
            : GetCachedAsync(commit.Shard, $"{commit.Sha256.ToLowerInvariant()}.parquet", commit.ByteSize, commit.Sha256, ct);

    /// <summary>
    /// Local path of an object that has no commit record (training tables, weights snapshots): cached
    /// under a name derived from its key, size and modification time, and checked by size only.
    /// </summary>
    public Task<string> GetLocalPathAsync(ObjectInfo info, CancellationToken ct = default)
    {
        if (_store.TryGetLocalPath(info.Key) is { } local) return Task.FromResult(local);
        var identity = $"{_store.Root}\n{info.Key}\n{info.Size}\n{info.LastModified.UtcTicks}";
        var name = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity))) + ".obj";
        return GetCachedAsync(info.Key, name, info.Size, expectedSha256: null, ct);
    }

    private async Task<string> GetCachedAsync(string key, string name, long size, string? expectedSha256, CancellationToken ct)
    {
        Directory.CreateDirectory(_options.Folder);
        var path = Path.Combine(_options.Folder, name);
        await _gate.WaitAsync(ct);
        try
        {
            _pinned.Add(path);
            if (File.Exists(path) && new FileInfo(path).Length == size)
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow); // recency for LRU (access times are often off)
                return path;
            }
            Evict(size);
            await DownloadAsync(key, path, size, expectedSha256, ct);
            return path;
        }
        catch
        {
            _pinned.Remove(path);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DownloadAsync(string key, string path, long size, string? expectedSha256, CancellationToken ct)
    {
        var temp = $"{path}{TempMarker}{Guid.NewGuid():N}";
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long written = 0;
            await using (var source = await _store.OpenReadAsync(key, ct))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await source.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await target.WriteAsync(buffer.AsMemory(0, n), ct);
                    written += n;
                }
                await target.FlushAsync(ct);
                target.Flush(flushToDisk: true);
            }
            if (written != size)
            {
                throw new InvalidInputException($"'{key}' in {_store.Root} has {written} bytes, its record says {size}");
            }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expectedSha256 is not null && !string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidInputException($"'{key}' in {_store.Root} has sha256 {actual}, its commit record says {expectedSha256}");
            }
            File.Move(temp, path, overwrite: true); // atomic rename; a racing process wrote identical bytes
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Removes least-recently-used, unpinned cached files until <paramref name="incoming"/> more bytes fit.</summary>
    private void Evict(long incoming)
    {
        var files = new DirectoryInfo(_options.Folder).GetFiles()
            .Where(f => !f.Name.Contains(TempMarker, StringComparison.Ordinal))
            .ToList();
        var total = files.Sum(f => f.Length);
        foreach (var file in files.OrderBy(f => f.LastWriteTimeUtc))
        {
            if (total + incoming <= _options.MaxBytes) break;
            if (_pinned.Contains(file.FullName)) continue;
            try
            {
                file.Delete();
                total -= file.Length;
            }
            catch (IOException)
            {
                // another process removed or holds it: leave it
            }
        }
    }
}
