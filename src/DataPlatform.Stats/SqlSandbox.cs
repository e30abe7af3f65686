using System.Text.RegularExpressions;
using DataPlatform.Core;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace DataPlatform.Stats;

/// <summary>
/// The statement check in front of user SQL, the inner of three walls (the others: DuckDB's
/// <c>enable_external_access=false</c> with <c>allowed_paths</c> = the committed lake files only,
/// and <c>lock_configuration=true</c>; see <see cref="LakeSession"/>). DuckDB parses and binds each
/// statement; only one read-only statement is let through: SELECT (including WITH, FROM-first,
/// DESCRIBE, SHOW, SUMMARIZE and PRAGMA table_info, which DuckDB binds as SELECT) or EXPLAIN
/// [ANALYZE] of such a statement. Everything else (COPY, INSERT, CREATE, ATTACH, INSTALL, LOAD,
/// SET, PRAGMA with side effects...) is refused with a message naming the statement kind.
/// </summary>
public static partial class SqlSandbox
{
    /// <summary>Throws <see cref="SqlException"/> unless <paramref name="sql"/> is exactly one allowed statement.</summary>
    public static void Check(DuckDBConnection connection, string sql)
    {
        var kind = Classify(connection, sql);
        if (kind == DuckDBStatementType.Explain)
        {
            var inner = ExplainPrefix().Match(sql);
            if (!inner.Success)
            {
                throw new SqlException("only EXPLAIN [ANALYZE] <query> is allowed");
            }
            kind = Classify(connection, inner.Groups[1].Value);
        }
        if (kind != DuckDBStatementType.Select)
        {
            throw new SqlException(
                $"only read-only queries are allowed (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); " +
                $"this is a {Describe(kind)} statement");
        }
    }

    private static DuckDBStatementType Classify(DuckDBConnection connection, string sql)
    {
        var count = NativeMethods.ExtractStatements.DuckDBExtractStatements(connection.NativeConnection, sql, out var extracted);
        using (extracted)
        {
            if (count == 0)
            {
                var error = NativeMethods.ExtractStatements.DuckDBExtractStatementsError(extracted);
                throw new SqlException(string.IsNullOrEmpty(error) ? "the query is empty" : error);
            }
            if (count > 1)
            {
                throw new SqlException($"run one statement at a time; found {count}");
            }
            var state = NativeMethods.ExtractStatements.DuckDBPrepareExtractedStatement(
                connection.NativeConnection, extracted, 0, out var prepared);
            using (prepared)
            {
                if (state != DuckDBState.Success)
                {
                    throw new SqlException(NativeMethods.PreparedStatements.DuckDBPrepareError(prepared));
                }
                return DuckDbNative.PreparedStatementType(prepared);
            }
        }
    }

    private static string Describe(DuckDBStatementType kind) => kind switch
    {
        DuckDBStatementType.VariableSet or DuckDBStatementType.Set or DuckDBStatementType.Call => "SET/CALL",
        DuckDBStatementType.Extension => "INSTALL/LOAD",
        _ => kind.ToString().ToUpperInvariant(),
    };

    [GeneratedRegex("^\\s*EXPLAIN\\s+(?:ANALYZE\\s+)?(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ExplainPrefix();
}

/// <summary>A query was malformed, failed in DuckDB, or was refused by the sandbox; the message is DuckDB's or the sandbox's.</summary>
public sealed class SqlException(string message, Exception? inner = null) : InvalidInputException($"sql: {message}", inner);
