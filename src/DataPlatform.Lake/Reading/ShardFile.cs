using DataPlatform.Core;
using Parquet;

namespace DataPlatform.Lake;

/// <summary>
/// An open shard: a seekable stream over the object (spooled to a local temporary file when the store
/// only streams) and a Parquet reader over it, with the footer already checked against the commit.
/// </summary>
internal sealed class ShardFile : IAsyncDisposable
{
    private readonly Stream _stream;

    private ShardFile(string key, Stream stream, ParquetReader reader)
    {
        Key = key;
        _stream = stream;
        Reader = reader;
    }

    public string Key { get; }

    public ParquetReader Reader { get; }

    /// <summary>Opens the shard of <paramref name="commit"/>, checking that the footer says the same kind.</summary>
    public static async Task<ShardFile> OpenAsync(IObjectStore store, CommitRecord commit, CancellationToken ct)
    {
        var file = await OpenAsync(store, commit.Shard, ct);
        if (file.Reader.CustomMetadata.TryGetValue(ShardMetadata.KindKey, out var kind) && kind != commit.Kind)
        {
            await file.DisposeAsync();
            throw new InvalidInputException($"shard '{commit.Shard}' holds '{kind}' rows but its commit record says '{commit.Kind}'");
        }
        return file;
    }

    public static async Task<ShardFile> OpenAsync(IObjectStore store, string key, CancellationToken ct)
    {
        var stream = await store.OpenReadAsync(key, ct);
        try
        {
            if (!stream.CanSeek) stream = await SpoolAsync(stream, ct);
            var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: ct);
            return new ShardFile(key, stream, reader);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DataPlatformException)
        {
            await stream.DisposeAsync();
            throw new InvalidInputException($"shard '{key}' is not a readable Parquet file: {ex.Message}", ex);
        }
    }

    /// <summary>Reads every row group in order, passing each to <paramref name="read"/>.</summary>
    public async IAsyncEnumerable<T[]> RowGroupsAsync<T>(Func<ShardColumns, CancellationToken, Task<T[]>> read,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < Reader.RowGroupCount; i++)
        {
            var group = Reader.OpenRowGroupReader(i);
            T[] rows;
            try
            {
                rows = await read(new ShardColumns(Reader, group, Key, i), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not DataPlatformException)
            {
                throw new InvalidInputException($"shard '{Key}', row group {i}: cannot be read: {ex.Message}", ex);
            }
            yield return rows;
        }
    }

    private static async Task<Stream> SpoolAsync(Stream source, CancellationToken ct)
    {
        var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"dp-read-{Guid.NewGuid():N}.parquet"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await using (source)
        {
            await source.CopyToAsync(spool, ct);
        }
        spool.Position = 0;
        return spool;
    }

    public async ValueTask DisposeAsync()
    {
        await Reader.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
