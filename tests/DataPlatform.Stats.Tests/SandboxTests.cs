using DataPlatform.Stats.Synthetic;

namespace DataPlatform.Stats.Tests;

public sealed class SandboxTests : IAsyncLifetime
{
    private readonly TestLake _lake = new();

    public Task InitializeAsync() => _lake.WriteZipfAsync(new ZipfLakeSpec(Samples: 200, Concepts: 20, Rejects: 5), "run-a");

    public Task DisposeAsync()
    {
        _lake.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Each attack and what refuses it: the statement check ("only read-only queries...") or, when
    /// DuckDB already fails to bind the statement because the file is outside the allowed paths,
    /// DuckDB's "Permission Error".
    /// </summary>
    public static TheoryData<string, string> Attacks => new()
    {
        { "COPY (SELECT * FROM samples) TO '{lake}/shards/bucket=256x256/evil.parquet' (FORMAT parquet)", "Permission Error" },
        { "COPY samples TO '/tmp/dp-sandbox-evil.csv'", "Permission Error" },
        { "COPY samples TO '{lake}/_commits/evil.json'", "Permission Error" },
        { "INSERT INTO lake_commits SELECT * FROM lake_commits", "" },
        { "CREATE TABLE evil AS SELECT * FROM samples", "only read-only queries" },
        { "CREATE OR REPLACE VIEW samples AS SELECT 1 AS sample_id", "only read-only queries" },
        { "SELECT * FROM read_csv('/etc/passwd')", "Permission Error" },
        { "SELECT * FROM read_text('{lake}/_commits/../../../../etc/hostname')", "Permission Error" },
        { "SELECT * FROM read_parquet('{lake}/shards/*/*.parquet')", "Permission Error" },
        { "ATTACH '{lake}/evil.duckdb' AS evil", "only read-only queries" },
        { "INSTALL httpfs", "only read-only queries" },
        { "LOAD httpfs", "only read-only queries" },
        { "SET enable_external_access = true", "only read-only queries" },
        { "SET lock_configuration = false", "only read-only queries" },
        { "PRAGMA enable_profiling", "only read-only queries" },
        { "EXPLAIN ANALYZE COPY (SELECT 1) TO '{lake}/evil.csv'", "Permission Error" },
        { "EXPLAIN ANALYZE CREATE TABLE evil AS SELECT 1", "only read-only queries" },
        { "SELECT 1; COPY (SELECT 1) TO '{lake}/evil.csv'", "one statement at a time" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task User_sql_that_writes_or_reads_outside_the_committed_lake_is_refused(string attack, string message)
    {
        var before = _lake.Fingerprint();
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        var sql = attack.Replace("{lake}", _lake.Root, StringComparison.Ordinal);

        var error = Assert.Throws<SqlException>(() => session.ExecuteUser(sql).Dispose());

        Assert.StartsWith("sql: ", error.Message);
        Assert.Contains(message, error.Message);
        Assert.Equal(before, _lake.Fingerprint());
        Assert.False(File.Exists("/tmp/dp-sandbox-evil.csv"));
    }

    public static TheoryData<string> WallTwoAttacks => new()
    {
        "COPY (SELECT 1 AS x) TO '{lake}/shards/evil.parquet' (FORMAT parquet)",
        "COPY (SELECT 1 AS x) TO '/tmp/dp-sandbox-evil.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "ATTACH '{lake}/evil.duckdb' AS evil",
        "INSTALL httpfs",
        "SET enable_external_access = true",
        "SET allowed_directories = ['/']",
    };

    [Theory]
    [MemberData(nameof(WallTwoAttacks))]
    public async Task DuckDB_configuration_alone_blocks_file_attacks_that_skip_the_statement_check(string attack)
    {
        // Defence in depth: the statement check is bypassed on purpose; DuckDB's own sandbox
        // (external access off, allowed paths, locked configuration) must still refuse.
        var before = _lake.Fingerprint();
        using var session = await _lake.OpenAsync(SessionKind.Interactive);

        var error = Assert.ThrowsAny<Exception>(() => session.Execute(attack.Replace("{lake}", _lake.Root, StringComparison.Ordinal)));

        Assert.Matches("Permission Error|configuration has been locked|disabled", error.Message);
        Assert.Equal(before, _lake.Fingerprint());
        Assert.False(File.Exists("/tmp/dp-sandbox-evil.csv"));
    }

    [Theory]
    [InlineData("SELECT count(*) FROM samples")]
    [InlineData("WITH t AS (SELECT concept FROM concept_stats) SELECT count(*) FROM t")]
    [InlineData("FROM bucket_stats")]
    [InlineData("DESCRIBE samples")]
    [InlineData("SHOW TABLES")]
    [InlineData("SUMMARIZE rejects")]
    [InlineData("PRAGMA table_info('samples')")]
    [InlineData("EXPLAIN SELECT * FROM samples")]
    [InlineData("SELECT count(*) FROM samples;")]
    public async Task Read_only_queries_run(string sql)
    {
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        using var reader = session.ExecuteUser(sql);
        Assert.True(reader.Read());
    }

    [Fact]
    public async Task Malformed_query_reports_DuckDBs_parser_error()
    {
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        var error = Assert.Throws<SqlException>(() => session.ExecuteUser("SELEC count(*) FROM samples").Dispose());
        Assert.Contains("Parser Error", error.Message);
        Assert.Equal(Core.ExitCodes.BadInput, error.ExitCode);
    }

    [Fact]
    public async Task Unknown_column_reports_DuckDBs_binder_error()
    {
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        var error = Assert.Throws<SqlException>(() => session.ExecuteUser("SELECT no_such_column FROM samples").Dispose());
        Assert.Contains("Binder Error", error.Message);
        Assert.Contains("no_such_column", error.Message);
    }
}
