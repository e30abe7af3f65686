using System.Runtime.CompilerServices;

namespace DataPlatform.Lake;

/// <summary>
/// An <see cref="IObjectStore"/> over a local folder. A put writes <c>.&lt;name&gt;.tmp-&lt;guid&gt;</c> next to
/// the target, flushes it to disk and renames it over the target, so readers see either nothing or the
/// whole object. Temporary files are never listed as objects; <see cref="ListTempObjectsAsync"/> shows
/// the ones a crashed writer left behind.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private const string TempMarker = ".tmp-";
    private const int BufferSize = 1 << 16;

    /// <summary>Opens (and creates when missing) a store rooted at <paramref name="rootDirectory"/>.</summary>
    public LocalObjectStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        Root = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ObjectKeys.ValidatePrefix(prefix);
        foreach (var info in Enumerate(prefix, temps: false))
        {
            ct.ThrowIfCancellationRequested();
            yield return info;
        }
        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<ObjectInfo> ListTempObjectsAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ObjectKeys.ValidatePrefix(prefix);
        foreach (var info in Enumerate(prefix, temps: true))
        {
            ct.ThrowIfCancellationRequested();
            yield return info;
        }
        await Task.CompletedTask;
    }

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? Info(key, file) : null);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                BufferSize, FileOptions.Asynchronous);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(Root, key);
        }
    }

    public async Task PutAsync(string key, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}{TempMarker}{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        TryDeleteOrThrow(PathOf(key));
        return Task.CompletedTask;
    }

    public Task DeleteTempObjectAsync(string tempKey, CancellationToken ct = default)
    {
        var slash = tempKey.LastIndexOf('/');
        var folder = slash < 0 ? "" : tempKey[..slash];
        var name = tempKey[(slash + 1)..];
        if (!IsTempName(name) || (folder.Length > 0 && !ObjectKeys.IsValid(folder)))
        {
            throw new ArgumentException($"'{tempKey}' is not a temporary object of this store", nameof(tempKey));
        }
        TryDeleteOrThrow(Path.Combine(Root, tempKey.Replace('/', Path.DirectorySeparatorChar)));
        return Task.CompletedTask;
    }

    public string? TryGetLocalPath(string key) => PathOf(key);

    private string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private IEnumerable<ObjectInfo> Enumerate(string prefix, bool temps)
    {
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? Root : Path.Combine(Root, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder)) return [];
        var found = new List<ObjectInfo>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var isTemp = IsTempName(Path.GetFileName(path));
            if (temps ? !isTemp : !ObjectKeys.IsValid(key)) continue;
            var file = new FileInfo(path);
            if (file.Exists) found.Add(Info(key, file));
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return found;
    }

    private static bool IsTempName(string name) => name.StartsWith('.') && name.Contains(TempMarker, StringComparison.Ordinal);

    private static ObjectInfo Info(string key, FileInfo file) =>
        new(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));

    private static void TryDeleteOrThrow(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleting a missing object is not an error.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is invisible to readers and removed by vacuum.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
