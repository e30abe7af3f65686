using System.Text.Json;
using DataPlatform.Core;
using DataPlatform.Testing;
using DuckDB.NET.Data;

namespace DataPlatform.Stats.Tests;

public sealed class CliTests(ZipfLakeFixture fixture) : IClassFixture<ZipfLakeFixture>
{
    private readonly TestLake _lake = fixture.Lake;

    [Fact]
    public async Task Sql_prints_csv_that_matches_the_brute_force_count()
    {
        var run = await DpCommand.RunAsync(["sql", "SELECT concept, frequency FROM concept_stats ORDER BY rank LIMIT 3", "--lake", _lake.Root, "--format", "csv"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var expected = BruteForce.Concepts(_lake.Distinct()).Take(3).Select(c => $"{c.Name},{c.Frequency}");
        Assert.Equal(["concept,frequency", .. expected], run.Stdout.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Malformed_query_prints_DuckDBs_error_and_exits_65_without_a_stack_trace()
    {
        var run = await DpCommand.RunAsync(["sql", "SELEC * FROM samples", "--lake", _lake.Root]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Parser Error", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task Writing_query_is_refused_with_a_clear_message_and_exit_65()
    {
        var run = await DpCommand.RunAsync(["sql", $"COPY samples TO '{_lake.Root}/evil.csv'", "--lake", _lake.Root]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Permission Error", run.Stderr);
        Assert.False(File.Exists(Path.Combine(_lake.Root, "evil.csv")));
    }

    [Fact]
    public async Task Json_and_parquet_outputs_hold_the_query_result()
    {
        using var folder = new Testing.TempDirectory("dp-sql-out");
        var json = folder.Combine("buckets.json");
        var parquet = folder.Combine("buckets.parquet");
        const string query = "SELECT bucket_h, bucket_w, samples FROM bucket_stats";

        var a = await DpCommand.RunAsync(["sql", query, "--lake", _lake.Root, "--format", "json", "--out", json]);
        var b = await DpCommand.RunAsync(["sql", query, "--lake", _lake.Root, "--format", "parquet", "--out", parquet]);

        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.True(b.ExitCode == 0, b.Stderr);
        var expected = BruteForce.Buckets(_lake.Distinct());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(expected.Count, doc.RootElement.GetArrayLength());
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            Assert.Equal(expected[(row.GetProperty("bucket_h").GetInt32(), row.GetProperty("bucket_w").GetInt32())], row.GetProperty("samples").GetInt64());
        }
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT sum(samples)::BIGINT FROM read_parquet('{parquet}')";
        Assert.Equal(expected.Values.Sum(), (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Prompt_runs_statements_ended_by_semicolons_until_quit()
    {
        var run = await DpCommand.RunAsync(["sql", "--lake", _lake.Root, "--format", "csv"],
            stdin: "SELECT count(*) AS n\nFROM samples;\nSELEC oops;\nSELECT 42 AS answer;\n.quit\nSELECT 'never' AS x;\n");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode); // one statement failed; the prompt went on
        Assert.Contains($"n\n{_lake.Distinct().Count}\n", run.Stdout);
        Assert.Contains("answer\n42\n", run.Stdout);
        Assert.DoesNotContain("never", run.Stdout);
        Assert.Contains("Parser Error", run.Stderr);
    }

    [Fact]
    public async Task Stats_writes_the_report_and_plots()
    {
        using var folder = new Testing.TempDirectory("dp-stats-out");
        var run = await DpCommand.RunAsync(["stats", "--lake", _lake.Root, "--out", folder.Path]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Gini", run.Stdout);
        foreach (var file in new[] { "report.md", "concepts.csv", "rank_frequency.png", "buckets.png" })
        {
            Assert.True(File.Exists(folder.Combine(file)), $"{file} missing");
        }
    }

    [Fact]
    public async Task Weights_with_invalid_options_exits_64_naming_every_bad_value()
    {
        var run = await DpCommand.RunAsync(["weights", "--lake", _lake.Root, "--alpha", "1.5", "--floor", "2"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("weights.alpha must be in [0, 1], was 1.5", run.Stderr);
        Assert.Contains("weights.floor must be in [0, 1], was 2", run.Stderr);
    }

    [Fact]
    public async Task Missing_lake_is_bad_input()
    {
        var run = await DpCommand.RunAsync(["sql", "SELECT 1", "--lake", "/nonexistent/dp-lake"]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no lake", run.Stderr);
    }
}
