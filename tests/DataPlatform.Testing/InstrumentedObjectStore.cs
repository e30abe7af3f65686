using System.Collections.Concurrent;
using DataPlatform.Lake;

namespace DataPlatform.Testing;

/// <summary>
/// Wraps a real object store to watch and disturb it: counts the bytes read from each object and can
/// fail chosen puts (to simulate a crash between a shard and its commit record). Reports no local
/// paths, so readers must go through streams as they would against S3.
/// </summary>
public sealed class InstrumentedObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly ConcurrentDictionary<string, long> _bytesRead = new(StringComparer.Ordinal);

    /// <summary>When it returns an exception for a key, <see cref="PutAsync"/> throws it instead of writing.</summary>
    public Func<string, Exception?>? FailPut { get; set; }

    /// <summary>When true, streams opened for reading cannot seek (like an HTTP body from S3).</summary>
    public bool NonSeekable { get; set; }

    public string Root => inner.Root;

    /// <summary>Bytes read so far through streams opened on <paramref name="key"/>.</summary>
    public long BytesRead(string key) => _bytesRead.GetValueOrDefault(key);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken ct = default) => inner.ListAsync(prefix, ct);

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken ct = default) => inner.StatAsync(key, ct);

    public async Task<Stream> OpenReadAsync(string key, CancellationToken ct = default) =>
        new CountingStream(await inner.OpenReadAsync(key, ct), NonSeekable, n => _bytesRead.AddOrUpdate(key, n, (_, total) => total + n));

    public Task PutAsync(string key, Stream content, CancellationToken ct = default) =>
        FailPut?.Invoke(key) is { } failure ? Task.FromException(failure) : inner.PutAsync(key, content, ct);

    public Task DeleteAsync(string key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);

    public string? TryGetLocalPath(string key) => null;

    public IAsyncEnumerable<ObjectInfo> ListTempObjectsAsync(string prefix, CancellationToken ct = default) =>
        inner.ListTempObjectsAsync(prefix, ct);

    public Task DeleteTempObjectAsync(string tempKey, CancellationToken ct = default) => inner.DeleteTempObjectAsync(tempKey, ct);

    /// <summary>A read-only pass-through stream that reports every byte read.</summary>
    private sealed class CountingStream(Stream inner, bool nonSeekable, Action<long> onRead) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => !nonSeekable && inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => CanSeek ? inner.Length : throw new NotSupportedException();

        public override long Position
        {
            get => CanSeek ? inner.Position : throw new NotSupportedException();
            set => inner.Position = CanSeek ? value : throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Counted(await inner.ReadAsync(buffer, ct));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override long Seek(long offset, SeekOrigin origin) =>
            CanSeek ? inner.Seek(offset, origin) : throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        private int Counted(int n)
        {
            onRead(n);
            return n;
        }
    }
}
