using DataPlatform.Lake;
using DataPlatform.Scheduling.Jobs;
using DataPlatform.Scheduling.Pipelines;
using DataPlatform.Testing;

namespace DataPlatform.Scheduling.Tests;

public sealed class PipelineRunTests
{
    [Fact]
    public async Task Running_a_pipeline_once_ingests_the_folder_and_a_second_run_adds_nothing()
    {
        using var dir = new TempDirectory();
        SourceFolders.Write(dir.Combine("incoming"), first: 0, count: 12);
        var file = PipelineFiles.Write(dir.Path, "once", "lake",
            """{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 60 }, "options": { "source": "incoming", "workers": 2 } }""",
            """{ "name": "stats", "kind": "stats", "trigger": { "cron": "0 0 * * * ?" }, "options": { "out": "report" } }""",
            """{ "name": "weights", "kind": "weights", "trigger": { "cron": "0 0 * * * ?" } }""",
            """{ "name": "vacuum", "kind": "vacuum", "trigger": { "cron": "0 0 3 * * ?" }, "options": { "min_age_seconds": 0 } }""");
        var pipeline = PipelineLoader.Load(file);
        var runner = new PipelineJobRunner(TimeProvider.System);

        var outcomes = new List<JobOutcome>();
        foreach (var job in pipeline.Jobs) outcomes.Add(await runner.RunAsync(pipeline, job, CancellationToken.None));
        var afterFirst = await LakeCounts.ReadAsync(new LocalObjectStore(dir.Combine("lake")));
        var again = await runner.RunAsync(pipeline, pipeline.Job("ingest"), CancellationToken.None);
        var afterSecond = await LakeCounts.ReadAsync(new LocalObjectStore(dir.Combine("lake")));

        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Message));
        Assert.Contains("12 inputs, 12 accepted", outcomes[0].Message, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("report", "report.md")));
        Assert.Equal(12, afterFirst.Rows);
        Assert.Equal(12, afterFirst.DistinctIds);
        Assert.True(again.IsSuccess, again.Message);
        Assert.Contains("12 inputs, 0 accepted, 0 rejected, 12 duplicates", again.Message, StringComparison.Ordinal);
        Assert.Equal(afterFirst, afterSecond);
    }

    [Fact]
    public async Task A_growing_source_gets_only_its_new_inputs_on_the_next_run()
    {
        using var dir = new TempDirectory();
        SourceFolders.Write(dir.Combine("incoming"), first: 0, count: 5);
        var file = PipelineFiles.Write(dir.Path, "grow", "lake",
            """{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 60 }, "options": { "source": "incoming" } }""");
        var pipeline = PipelineLoader.Load(file);
        var runner = new PipelineJobRunner(TimeProvider.System);

        var first = await runner.RunAsync(pipeline, pipeline.Jobs[0], CancellationToken.None);
        SourceFolders.Write(dir.Combine("incoming"), first: 5, count: 3);
        var second = await runner.RunAsync(pipeline, pipeline.Jobs[0], CancellationToken.None);
        var counts = await LakeCounts.ReadAsync(new LocalObjectStore(dir.Combine("lake")));

        Assert.Contains("5 inputs, 5 accepted", first.Message, StringComparison.Ordinal);
        Assert.Contains("8 inputs, 3 accepted, 0 rejected, 5 duplicates", second.Message, StringComparison.Ordinal);
        Assert.Equal(new LakeCounts(8, 8), counts);
    }

    [Fact]
    public async Task A_train_job_runs_dp_train_in_a_child_process_and_a_later_fire_extends_the_run()
    {
        using var lake = new TempLake();
        var factory = new SampleFactory(2);
        await using (var writer = lake.Writer("ingest"))
        {
            for (int i = 0; i < 12; i++) await writer.AppendAsync(factory.Sample("ingest", lake.Time.GetUtcNow()));
            await writer.CompleteAsync();
        }
        File.WriteAllText(Path.Combine(lake.Path, "run.json"), """
            { "run": "nightly", "lake": ".", "steps": 2, "threads": 1, "model": { "preset": "tiny" },
              "stream": { "batch_size": 2, "weights": "uniform" }, "feedback": { "refresh_every": 1 } }
            """);
        var file = PipelineFiles.Write(lake.Path, "train", ".",
            """{ "name": "train", "kind": "train", "trigger": { "cron": "0 0 1 * * ?" }, "options": { "config": "run.json" } }""",
            """{ "name": "train-more", "kind": "train", "trigger": { "cron": "0 0 2 * * ?" }, "options": { "config": "run.json", "steps": 3 } }""");

        var first = await DpCommand.RunAsync(["pipeline", "run", file, "--job", "train"], TimeSpan.FromSeconds(180));
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(Directory.Exists(Path.Combine(lake.Path, "runs", "nightly", "checkpoints", "step-00000002")), first.Output);
        var second = await DpCommand.RunAsync(["pipeline", "run", file, "--job", "train-more"], TimeSpan.FromSeconds(180));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.True(Directory.Exists(Path.Combine(lake.Path, "runs", "nightly", "checkpoints", "step-00000003")), second.Output);
    }

    [Fact]
    public async Task An_ingest_job_over_a_missing_source_fails_with_a_message_naming_it()
    {
        using var dir = new TempDirectory();
        var file = PipelineFiles.Write(dir.Path, "missing", "lake",
            """{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 60 }, "options": { "source": "nowhere" } }""");
        var pipeline = PipelineLoader.Load(file);

        var outcome = await new PipelineJobRunner(TimeProvider.System).RunAsync(pipeline, pipeline.Jobs[0], CancellationToken.None);

        Assert.Equal(JobOutcome.Failed, outcome.Status);
        Assert.Contains(dir.Combine("nowhere"), outcome.Message, StringComparison.Ordinal);
    }
}
