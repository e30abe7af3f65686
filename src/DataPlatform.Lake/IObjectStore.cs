namespace DataPlatform.Lake;

/// <summary>
/// A flat key-value store of immutable objects: a local folder or an S3-compatible bucket. Keys are
/// '/'-separated paths relative to the lake root (<c>shards/bucket=256x256/run-0001.parquet</c>); no
/// POSIX semantics are assumed (no directories, no rename, no append, no partial writes visible).
/// </summary>
public interface IObjectStore
{
    /// <summary>Human-readable root of the store, e.g. <c>/data/lake</c> or <c>s3://bucket/prefix</c>. Never holds credentials.</summary>
    string Root { get; }

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in ordinal key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>Metadata of one object, or null when it does not exist.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default);

    /// <summary>Opens an object for reading; throws <see cref="ObjectNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Writes an object atomically: readers see either nothing or the whole, durable object. The
    /// content is read from <paramref name="content"/> until its end.
    /// </summary>
    Task PutAsync(string key, Stream content, CancellationToken ct = default);

    /// <summary>Removes an object; removing a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// A local file path for the object when the store is a local folder (DuckDB reads it directly),
    /// otherwise null.
    /// </summary>
    string? TryGetLocalPath(string key);

    /// <summary>
    /// Temporary objects under <paramref name="prefix"/> that an interrupted <see cref="PutAsync"/> left behind
    /// (for a local folder: <c>.&lt;name&gt;.tmp-&lt;guid&gt;</c> files; for S3: incomplete multipart uploads).
    /// Never part of <see cref="ListAsync"/>. Only <c>dp lake vacuum</c> needs this; the default lists none.
    /// </summary>
    IAsyncEnumerable<ObjectInfo> ListTempObjectsAsync(string prefix, CancellationToken ct = default) =>
        AsyncEnumerable.Empty<ObjectInfo>();

    /// <summary>Removes a temporary object listed by <see cref="ListTempObjectsAsync"/>.</summary>
    Task DeleteTempObjectAsync(string tempKey, CancellationToken ct = default) =>
        throw new NotSupportedException($"{GetType().Name} has no temporary objects to delete");
}

/// <summary>An object's key, size in bytes and last modification time.</summary>
public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified);

public sealed class ObjectNotFoundException(string root, string key)
    : Core.InvalidInputException($"no object '{key}' in {root}");
