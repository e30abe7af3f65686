using DataPlatform.Core;
using DataPlatform.Scheduling.Pipelines;
using DataPlatform.Testing;

namespace DataPlatform.Scheduling.Tests;

public sealed class PipelineValidationTests
{
    [Fact]
    public void A_file_with_an_invalid_cron_and_an_unknown_kind_is_refused_with_both_errors_and_their_paths()
    {
        using var dir = new TempDirectory();
        var file = PipelineFiles.Write(dir.Path, "bad", "lake",
            """{ "name": "ingest", "kind": "ingest", "trigger": { "cron": "0 0 25 * * ?" }, "options": { "source": "in" } }""",
            """{ "name": "transform", "kind": "transform", "trigger": { "interval_seconds": 60 } }""");

        var ex = Assert.Throws<ConfigException>(() => PipelineLoader.Load(file));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.Contains("$.jobs[0].trigger.cron", StringComparison.Ordinal) && e.Contains("Hour values must be between 0 and 23", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("$.jobs[1].kind", StringComparison.Ordinal) && e.Contains("unknown job kind 'transform'", StringComparison.Ordinal));
        Assert.All(ex.Errors, e => Assert.StartsWith(file, e, StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Fact]
    public void Schema_and_semantic_errors_are_collected_at_once_each_with_its_json_path()
    {
        using var dir = new TempDirectory();
        var file = PipelineFiles.Write(dir.Path, "bad", "lake",
            """{ "name": "a", "kind": "stats", "trigger": { "cron": "0 0 * * * ?", "interval_seconds": 5 }, "options": { "outt": "x" } }""",
            """{ "name": "a", "kind": "vacuum", "trigger": { "interval_seconds": 0 }, "misfire": "later" }""",
            """{ "name": "b", "kind": "ingest", "trigger": { "interval_seconds": 5 } }""");

        var errors = Assert.Throws<ConfigException>(() => PipelineLoader.Load(file)).Errors;

        string[] expected =
        [
            "$.jobs[0].trigger: set exactly one of cron or interval_seconds",
            "$.jobs[0].options.outt: unknown property",
            "$.jobs[1].trigger.interval_seconds:",
            "$.jobs[1].misfire:",
            "$.jobs[2]: Required properties [\"options\"]",
            "$.jobs[1].name: duplicate job name 'a' (also $.jobs[0].name)",
        ];
        foreach (var e in expected) Assert.Contains(errors, line => line.Contains(e, StringComparison.Ordinal));
        Assert.Equal(expected.Length, errors.Count);
    }

    [Fact]
    public void The_example_pipelines_validate_and_carry_their_defaults()
    {
        var folder = Path.Combine(InfraScripts.RepoRoot, "pipelines");

        var pipelines = PipelineLoader.LoadFolder(folder);

        Assert.Contains(pipelines, p => p.Name == "quickstart-ingest");
        var quickstart = pipelines.Single(p => p.Name == "quickstart-ingest");
        Assert.Equal([JobKind.Ingest, JobKind.Stats, JobKind.Weights, JobKind.Vacuum], quickstart.Jobs.Select(j => j.Kind));
        Assert.All(quickstart.Jobs, j => Assert.True(j.DisallowConcurrent));
        Assert.Equal(TimeSpan.FromMinutes(5), quickstart.Jobs[0].Trigger.Interval);
        Assert.Equal(MisfirePolicy.Skip, quickstart.Jobs[1].Misfire);
    }

    [Fact]
    public void Malformed_json_is_refused_with_its_line()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("broken.json");
        File.WriteAllText(file, "{ \"name\": \"x\",\n \"jobs\": [ }");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => PipelineLoader.Load(file)).Errors);

        Assert.Contains("not valid JSON at line 2", error, StringComparison.Ordinal);
    }
}
