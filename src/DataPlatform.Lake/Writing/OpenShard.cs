using DataPlatform.Core;
using Parquet;

namespace DataPlatform.Lake;

/// <summary>
/// One shard being written: a Parquet writer over a local temporary file plus at most one row group of
/// buffered rows. Rows reach the file a row group at a time, so memory holds one row group, not the
/// shard. Disposing removes the temporary file.
/// </summary>
internal sealed class OpenShard<T> : IAsyncDisposable
{
    private readonly IShardCodec<T> _codec;
    private readonly LakeWriterOptions _options;
    private readonly FileStream _file;
    private readonly ParquetWriter _writer;
    private readonly List<T> _pending = [];
    private long _pendingBytes;
    private bool _finished;
    private bool _broken;

    private OpenShard(IShardCodec<T> codec, LakeWriterOptions options, FileStream file, ParquetWriter writer)
    {
        _codec = codec;
        _options = options;
        _file = file;
        _writer = writer;
    }

    public string TempPath => _file.Name;

    /// <summary>Rows appended so far, written or buffered.</summary>
    public long RowCount { get; private set; }

    /// <summary>Bytes already in the file plus the estimate for the buffered rows.</summary>
    public long EstimatedBytes => _file.Length + _pendingBytes;

    public static async Task<OpenShard<T>> CreateAsync(IShardCodec<T> codec, LakeWriterOptions options,
        IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        var folder = options.SpillDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"dp-shard-{Guid.NewGuid():N}.parquet");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var writer = await ParquetWriter.CreateAsync(codec.Schema, file, ShardMetadata.WriteOptions(), cancellationToken: ct);
            writer.CustomMetadata = new Dictionary<string, string>(metadata);
            return new OpenShard<T>(codec, options, file, writer);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public async ValueTask AddAsync(T row, CancellationToken ct)
    {
        if (_finished || _broken) throw new InvalidOperationException("the shard is already finished or broken by an earlier failure");
        _pending.Add(row);
        _pendingBytes += _codec.EstimateBytes(row);
        RowCount++;
        if (_pending.Count >= _options.RowGroupRows || _pendingBytes >= _options.RowGroupMaxBytes)
        {
            await FlushRowGroupAsync(ct);
        }
    }

    /// <summary>Writes the last row group and the footer; the temporary file then holds the complete shard.</summary>
    public async Task<Stream> FinishAsync(CancellationToken ct)
    {
        if (_finished || _broken) throw new InvalidOperationException("the shard is already finished or broken by an earlier failure");
        await FlushRowGroupAsync(ct);
        await _writer.DisposeAsync();
        await _file.FlushAsync(ct);
        _finished = true;
        _file.Position = 0;
        return _file;
    }

    private async Task FlushRowGroupAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return;
        ct.ThrowIfCancellationRequested();
        _broken = true; // until the row group is complete: a half-written row group spoils the file
        var group = _writer.CreateRowGroup();
        await _codec.WriteAsync(group, _pending, ct);
        group.Dispose();
        _broken = false;
        _pending.Clear();
        _pendingBytes = 0;
    }

    /// <summary>
    /// Removes the temporary file. An unfinished Parquet writer is dropped without writing its footer:
    /// it owns nothing but the file, and its rows are being thrown away.
    /// </summary>
    public async ValueTask DisposeAsync() => await _file.DisposeAsync();
}
