using System.Data.Common;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Lake.Caching;
using DuckDB.NET.Data;

namespace DataPlatform.Stats;

/// <summary>
/// An in-process DuckDB database over one snapshot of a lake, with the views of
/// <c>schemas/sql/*.sql</c>. Set up in this order:
/// <list type="number">
/// <item>threads and memory_limit explicitly; extension autoinstall and autoload off; UTC;</item>
/// <item><c>allowed_paths</c> = the committed shard files and training tables (plus the output file
/// the user named), <c>allowed_directories</c> = the private scratch folder of report sessions;</item>
/// <item>the views;</item>
/// <item><c>enable_external_access=false</c> (from now on only the allowed paths can be opened: no
/// orphan shard, no file outside the lake, no extension) and <c>lock_configuration=true</c> (no
/// statement can undo any of it).</item>
/// </list>
/// User SQL additionally passes <see cref="SqlSandbox"/>. Not thread-safe.
/// </summary>
public sealed class LakeSession : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly string? _scratch;

    private LakeSession(DuckDBConnection connection, LakeSnapshot lake, string? scratch)
    {
        _connection = connection;
        Lake = lake;
        _scratch = scratch;
    }

    public LakeSnapshot Lake { get; }

    /// <summary>A private folder this session may write (report sessions only), removed on dispose.</summary>
    public string Scratch => _scratch ?? throw new InvalidOperationException("only report sessions have a scratch folder");

    internal DuckDBConnection Connection => _connection;

    public static async Task<LakeSession> OpenAsync(
        IObjectStore store, LakeSessionOptions options, SessionKind kind,
        IReadOnlyList<string>? writableFiles = null, CancellationToken ct = default)
    {
        var v = new Validation();
        options.Validate(v);
        v.ThrowIfInvalid();

        var cache = new ShardCache(store, options.ShardCache ?? ShardCacheOptions.Default);
        var lake = await LakeSnapshot.LoadAsync(store, cache, ct);
        string? scratch = null;
        if (kind == SessionKind.Report)
        {
            scratch = Path.Combine(Path.GetTempPath(), $"dp-stats-{Guid.NewGuid():N}");
            Directory.CreateDirectory(scratch);
        }

        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            var session = new LakeSession(connection, lake, scratch);
            session.Configure(options, kind, writableFiles ?? []);
            return session;
        }
        catch
        {
            connection.Dispose();
            if (scratch is not null) Directory.Delete(scratch, recursive: true);
            throw;
        }
    }

    private void Configure(LakeSessionOptions options, SessionKind kind, IReadOnlyList<string> writableFiles)
    {
        Execute($"SET threads = {options.Threads.ToString(CultureInfo.InvariantCulture)}");
        Execute($"SET memory_limit = {LakeColumns.Literal(options.MemoryLimit)}");
        Execute("SET autoinstall_known_extensions = false");
        Execute("SET autoload_known_extensions = false");
        Execute("SET TimeZone = 'UTC'");

        var readable = Lake.ReadableFiles.Concat(writableFiles.Select(Path.GetFullPath)).ToList();
        Execute($"SET allowed_paths = [{string.Join(", ", readable.Select(LakeColumns.Literal))}]");
        if (_scratch is not null)
        {
            Execute($"SET allowed_directories = [{LakeColumns.Literal(_scratch + Path.DirectorySeparatorChar)}]");
            Execute($"SET temp_directory = {LakeColumns.Literal(Path.Combine(_scratch, "spill"))}");
        }

        var values = new Dictionary<string, string>
        {
            ["commits"] = LakeColumns.Commits(Lake),
            ["facts_kind"] = kind == SessionKind.Report ? "TABLE" : "VIEW",
            ["sample_shards"] = LakeColumns.Relation(Lake.Samples.Select(s => s.Path).ToList(), LakeColumns.Samples),
            ["reject_shards"] = LakeColumns.Relation(Lake.Rejects.Select(s => s.Path).ToList(), LakeColumns.Rejects),
            ["critic_files"] = LakeColumns.Relation(Lake.CriticScores.Select(s => s.Path).ToList(), LakeColumns.CriticScores),
            ["weights_file"] = LakeColumns.Relation(Lake.WeightsPath is null ? [] : [Lake.WeightsPath], LakeColumns.SampleWeights),
            ["train_log_files"] = LakeColumns.Relation(Lake.TrainLog.Select(s => s.Path).ToList(), LakeColumns.TrainLog),
            ["loss_files"] = LakeColumns.Relation((Lake.SampleLosses ?? []).Select(s => s.Path).ToList(), LakeColumns.SampleLosses),
        };
        foreach (var (name, sql) in SqlCatalog.Views)
        {
            try
            {
                Execute(SqlCatalog.Fill(name, sql, values));
            }
            catch (DuckDBException ex)
            {
                throw new InvalidInputException($"lake {Lake.Root}: view {name} failed: {ex.Message}", ex);
            }
        }

        Execute("SET enable_external_access = false");
        Execute("SET lock_configuration = true");
    }

    /// <summary>Runs trusted SQL of this library (never user text) for its side effect.</summary>
    internal void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs trusted SQL of this library and returns every row.</summary>
    public QueryResult Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return QueryResult.Read(reader);
    }

    /// <summary>One scalar of trusted SQL, converted to <typeparamref name="T"/>.</summary>
    public T Scalar<T>(string sql)
    {
        var rows = Query(sql).Rows;
        if (rows.Count != 1 || rows[0].Length < 1 || rows[0][0] is null)
        {
            throw new InvalidOperationException($"expected one non-null value from: {sql}");
        }
        return (T)Convert.ChangeType(rows[0][0]!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs one user statement after the sandbox check; DuckDB errors come back as
    /// <see cref="SqlException"/> carrying DuckDB's message. The caller disposes the reader.
    /// </summary>
    public DbDataReader ExecuteUser(string sql)
    {
        SqlSandbox.Check(_connection, sql);
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return command.ExecuteReader(System.Data.CommandBehavior.Default);
        }
        catch (DuckDBException ex)
        {
            command.Dispose();
            throw new SqlException(ex.Message, ex);
        }
    }

    /// <summary>Writes the result of a checked user query to a Parquet file named when the session was opened.</summary>
    public void CopyUserQueryToParquet(string sql, string path)
    {
        SqlSandbox.Check(_connection, sql);
        var body = sql.Trim().TrimEnd(';');
        try
        {
            Execute($"COPY ({body}) TO {LakeColumns.Literal(Path.GetFullPath(path))} (FORMAT parquet, COMPRESSION zstd, USE_TMP_FILE false)");
        }
        catch (DuckDBException ex)
        {
            throw new SqlException(ex.Message, ex);
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        if (_scratch is not null && Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }
}
