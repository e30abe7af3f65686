using System.Runtime.InteropServices;
using DuckDB.NET.Native;

namespace DataPlatform.Stats;

/// <summary>The one DuckDB C API function DuckDB.NET 1.5 does not wrap.</summary>
internal static partial class DuckDbNative
{
    /// <summary><c>duckdb_prepared_statement_type</c>: the kind of a prepared statement (SELECT, COPY, CREATE...).</summary>
    [LibraryImport("duckdb", EntryPoint = "duckdb_prepared_statement_type")]
    internal static partial DuckDBStatementType PreparedStatementType(DuckDBPreparedStatement prepared);
}
