using System.Text.Json;
using System.Text.RegularExpressions;
using DataPlatform.Lake;
using DataPlatform.Testing;
using Json.Schema;

namespace DataPlatform.Lake.Tests;

/// <summary>The documents in schemas/ describe what the code writes, column for column.</summary>
public class SchemaDocsTests
{
    private const string Run = "20261128T120000Z-0s0s0s";

    [Theory]
    [InlineData("sample.md", "samples")]
    [InlineData("reject.md", "rejects")]
    public void The_markdown_table_lists_exactly_the_parquet_columns(string document, string kind)
    {
        var schema = kind == "samples" ? SampleShard.Schema : RejectShard.Schema;
        var text = File.ReadAllText(Path.Combine(SchemasFolder(), document));
        var documented = Regex.Matches(text, @"^\| `([a-z0-9_]+)` \| [A-Z]", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
        Assert.Equal(schema.Fields.Select(f => f.Name), documented);
    }

    [Fact]
    public async Task Written_commit_records_validate_against_the_json_schema()
    {
        var schema = JsonSchema.FromText(await File.ReadAllTextAsync(Path.Combine(SchemasFolder(), "commit-record.schema.json")));
        using var lake = new TempLake();
        var factory = new SampleFactory();
        await using (var writer = lake.Writer(Run))
        {
            await writer.AppendAsync(factory.Sample(Run, lake.Time.GetUtcNow()));
            await writer.RejectAsync(factory.Reject(Run, lake.Time.GetUtcNow()));
            await writer.CompleteAsync();
        }

        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        var records = await lake.Store.ListAsync(LakeLayout.Commits).ToListAsync();
        Assert.Equal(2, records.Count);
        foreach (var record in records)
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(lake.FileOf(record.Key)));
            var result = schema.Evaluate(json.RootElement, options);
            Assert.True(result.IsValid, $"{record.Key}: {string.Join("; ", result.Details?.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Values) ?? [])}");
        }

        using var broken = JsonDocument.Parse("""{"kind":"samples","shard":"../x","run":"r","seq":1,"row_count":1,"byte_size":1,"sha256":"x","schema_version":1,"committed_at":"now"}""");
        Assert.False(schema.Evaluate(broken.RootElement, options).IsValid);
    }

    private static string SchemasFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataPlatform.sln"))) return Path.Combine(dir.FullName, "schemas");
        }
        throw new DirectoryNotFoundException($"no DataPlatform.sln above {AppContext.BaseDirectory}");
    }
}
