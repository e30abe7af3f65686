using System.Data.Common;

namespace DataPlatform.Stats;

/// <summary>A fully read query result: column names and rows (DuckDB values as .NET objects, null for SQL NULL).</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public static QueryResult Read(DbDataReader reader)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return new QueryResult(columns, rows);
    }

    public int Ordinal(string column)
    {
        var index = Columns.ToList().IndexOf(column);
        return index >= 0 ? index : throw new ArgumentException($"no column '{column}' in the result", nameof(column));
    }
}
