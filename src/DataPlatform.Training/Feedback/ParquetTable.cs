using Parquet;
using Parquet.Schema;

namespace DataPlatform.Training;

/// <summary>
/// A small columnar table written as one Parquet object (zstd) into the lake: the training tables
/// (train_log, per-sample losses, critic scores, weights snapshots). Columns are added in order, all of one length.
/// Timestamps are stored in milliseconds, UTC (as the lake's shards: Parquet.Net writes microsecond statistics wrongly).
/// </summary>
internal sealed class ParquetTable
{
    private readonly List<DataField> _fields = [];
    private readonly List<Func<ParquetRowGroupWriter, Task>> _writers = [];
    private int? _rows;

    public ParquetTable Strings(string name, string[] values)
    {
        var field = new DataField<string>(name, false);
        return Add(field, values.Length, g => g.WriteAsync(field, values));
    }

    public ParquetTable Longs(string name, long[] values)
    {
        var field = new DataField<long>(name, false);
        return Add(field, values.Length, g => g.WriteAsync<long>(field, values.AsMemory()));
    }

    public ParquetTable Doubles(string name, double[] values)
    {
        var field = new DataField<double>(name, false);
        return Add(field, values.Length, g => g.WriteAsync<double>(field, values.AsMemory()));
    }

    public ParquetTable Timestamps(string name, DateTimeOffset[] values)
    {
        var field = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        var utc = values.Select(v => v.UtcDateTime).ToArray();
        return Add(field, values.Length, g => g.WriteAsync<DateTime>(field, utc.AsMemory()));
    }

    private ParquetTable Add(DataField field, int rows, Func<ParquetRowGroupWriter, Task> write)
    {
        if (_rows is { } n && n != rows) throw new ArgumentException($"column {field.Name} has {rows} rows, the table has {n}");
        _rows = rows;
        _fields.Add(field);
        _writers.Add(write);
        return this;
    }

    public async Task<byte[]> ToBytesAsync(CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(_fields), buffer, options, cancellationToken: ct))
        {
            using var group = writer.CreateRowGroup();
            foreach (var write in _writers) await write(group);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes the table to <paramref name="key"/> of the lake (an atomic put).</summary>
    public async Task PutAsync(Lake.IObjectStore store, string key, CancellationToken ct = default)
    {
        using var content = new MemoryStream(await ToBytesAsync(ct));
        await store.PutAsync(key, content, ct);
    }
}
