using DataPlatform.Core;
using Parquet;
using Parquet.Schema;

namespace DataPlatform.Lake;

/// <summary>
/// Reads whole columns of one row group of a shard by name, with errors that name the shard, the row
/// group and the column. Only the columns asked for are read from the file.
/// </summary>
internal sealed class ShardColumns(ParquetReader reader, ParquetRowGroupReader group, string shardKey, int groupIndex)
{
    public int RowCount { get; } = checked((int)group.RowCount);

    public async Task<string[]> StringsAsync(string name, CancellationToken ct)
    {
        var values = new string?[RowCount];
        await group.ReadAsync(Field(name, typeof(ReadOnlyMemory<char>)), values.AsMemory(), cancellationToken: ct);
        return NoNulls(name, values);
    }

    public async Task<byte[][]> BytesAsync(string name, CancellationToken ct)
    {
        var values = new byte[]?[RowCount];
        await group.ReadAsync(Field(name, typeof(ReadOnlyMemory<byte>)), values.AsMemory(), cancellationToken: ct);
        return NoNulls(name, values);
    }

    public async Task<T[]> ValuesAsync<T>(string name, CancellationToken ct) where T : struct
    {
        var values = new T[RowCount];
        await group.ReadAsync<T>(Field(name, typeof(T)), values.AsMemory(), cancellationToken: ct);
        return values;
    }

    public async Task<DateTimeOffset[]> TimestampsAsync(string name, CancellationToken ct)
    {
        var values = await ValuesAsync<DateTime>(name, ct);
        return values.Select(v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc))).ToArray();
    }

    /// <summary>Reads a <c>list&lt;string&gt;</c> column: one list per row, empty lists included.</summary>
    public async Task<string[][]> StringListsAsync(string name, CancellationToken ct)
    {
        var field = Field(name, typeof(ReadOnlyMemory<char>));
        var levelCount = checked((int)(group.GetMetadata(field)?.MetaData?.NumValues
            ?? throw Broken($"column '{name}' has no column chunk metadata")));
        var values = new ReadOnlyMemory<char>[levelCount];
        var definitions = new int[levelCount];
        var repetitions = new int[levelCount];
        await group.ReadRawAsync<ReadOnlyMemory<char>>(field, values.AsMemory(), definitions.AsMemory(),
            repetitions.AsMemory(), ct);

        var rows = new string[RowCount][];
        var current = new List<string>();
        var row = -1;
        var next = 0;
        for (var i = 0; i < levelCount; i++)
        {
            if (repetitions[i] == 0)
            {
                if (row >= 0) rows[row] = [.. current];
                current.Clear();
                row++;
                if (row >= RowCount) throw Broken($"column '{name}' holds more lists than the {RowCount} rows");
            }
            if (definitions[i] == field.MaxDefinitionLevel) current.Add(values[next++].ToString());
        }
        if (row >= 0) rows[row] = [.. current];
        if (row != RowCount - 1) throw Broken($"column '{name}' holds {row + 1} lists for {RowCount} rows");
        return rows;
    }

    private T[] NoNulls<T>(string name, T?[] values) where T : class
    {
        var firstNull = Array.IndexOf(values, null);
        if (firstNull >= 0) throw Broken($"column '{name}' is required but row {firstNull} is null");
        return values!;
    }

    private DataField Field(string name, Type expected)
    {
        var field = reader.Schema.DataFields.FirstOrDefault(f => f.Path.ToString() == name || FullName(f) == name)
                    ?? throw Broken($"column '{name}' is missing");
        if (field.ClrType != expected) throw Broken($"column '{name}' has type {field.ClrType.Name}, expected {expected.Name}");
        return field;
    }

    /// <summary>The name a list column's element goes by (<c>concepts</c> for <c>concepts/list/element</c>).</summary>
    private static string FullName(DataField field)
    {
        var path = field.Path.ToString();
        var slash = path.IndexOf('/');
        return slash < 0 ? path : path[..slash];
    }

    public InvalidInputException Broken(string problem) =>
        new($"shard '{shardKey}', row group {groupIndex}: {problem}");
}
