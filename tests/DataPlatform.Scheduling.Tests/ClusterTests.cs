using System.Globalization;
using DataPlatform.Lake;
using DataPlatform.Scheduling.Hosting;
using DataPlatform.Testing;

namespace DataPlatform.Scheduling.Tests;

/// <summary>Two <c>dp scheduler run</c> processes on one PostgreSQL job store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresServer postgres)
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private static string[] NodeArgs(string pipelines, string store, string node, string fireLog, int graceSeconds = 5) =>
        ["scheduler", "run", "--pipelines", pipelines, "--store", store, "--node-id", node,
         "--checkin-seconds", "1", "--grace-seconds", graceSeconds.ToString(CultureInfo.InvariantCulture), "--fire-log", fireLog];

    [Fact]
    public async Task Two_nodes_on_one_store_run_every_fire_of_a_job_exactly_once()
    {
        using var dir = new TempDirectory();
        var store = await PostgresCollection.NewDatabaseAsync(postgres);
        var fireLog = dir.Combine("fires.log");
        PipelineFiles.Write(dir.Combine("pipelines"), "tick", dir.Combine("lake"),
            """{ "name": "vacuum", "kind": "vacuum", "trigger": { "interval_seconds": 1, "start_delay_seconds": 6 }, "options": { "dry_run": true } }""");

        using var a = DpNode.Start(NodeArgs(dir.Combine("pipelines"), store, "node-a", fireLog));
        await a.WaitForOutputAsync("scheduler node node-a started", Startup);
        using var b = DpNode.Start(NodeArgs(dir.Combine("pipelines"), store, "node-b", fireLog));
        await b.WaitForOutputAsync("scheduler node node-b started", Startup);
        await WaitForAsync(() => FireLogLine.Read(fireLog).Count(l => l.Event == "succeeded") >= 12, TimeSpan.FromSeconds(60), fireLog);
        a.Terminate();
        b.Terminate();
        Assert.True(await a.WaitForExitAsync(TimeSpan.FromSeconds(30)), a.Output);
        Assert.True(await b.WaitForExitAsync(TimeSpan.FromSeconds(30)), b.Output);

        var lines = FireLogLine.Read(fireLog);
        var starts = lines.Where(l => l.Event == "started").ToList();
        Assert.Equal(starts.Count, starts.Select(l => l.FireId).Distinct().Count());
        Assert.Equal(starts.Count, starts.Select(l => l.Scheduled).Distinct().Count());
        var scheduled = starts.Select(l => DateTimeOffset.Parse(l.Scheduled, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.All(scheduled.Zip(scheduled.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(1), p.Second - p.First));
        Assert.Equal(starts.Select(l => l.FireId).Order(), lines.Where(l => l.Event == "succeeded").Select(l => l.FireId).Order());
        Assert.True(starts.Count >= 12, $"{starts.Count} fires");
        var status = Assert.Single(await SchedulerStatus.ReadAsync(SchedulerStore.Parse(store)));
        Assert.Equal(("tick", "vacuum", "succeeded"), (status.Pipeline, status.Job, status.LastStatus));
        Assert.Equal(starts.Count, status.Executions);
        Assert.NotNull(status.NextFire);
        Assert.True(a.ExitCode == 130, $"node-a exit {a.ExitCode}: {a.Output}");
        Assert.True(b.ExitCode == 130, $"node-b exit {b.ExitCode}: {b.Output}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_node_stopped_in_the_middle_of_an_ingest_has_the_job_recovered_by_the_other_and_the_lake_stays_consistent(bool sigterm)
    {
        using var dir = new TempDirectory();
        var store = await PostgresCollection.NewDatabaseAsync(postgres);
        var fireLog = dir.Combine("fires.log");
        const int inputs = 600;
        SourceFolders.Write(dir.Combine("incoming"), first: 0, count: inputs, side: 96);
        PipelineFiles.Write(dir.Combine("pipelines"), "ingest", dir.Combine("lake"),
            $$"""{ "name": "ingest", "kind": "ingest", "trigger": { "interval_seconds": 3600, "start_delay_seconds": 8 }, "options": { "source": {{PipelineFiles.Json(dir.Combine("incoming"))}}, "workers": 1, "target_shard_bytes": 65536 } }""");

        // SIGTERM with no grace: the running job is interrupted and handed back; SIGKILL: the node just dies.
        string[] Args(string node) => NodeArgs(dir.Combine("pipelines"), store, node, fireLog, graceSeconds: 0);
        using var a = DpNode.Start(Args("node-a"));
        await a.WaitForOutputAsync("scheduler node node-a started", Startup);
        using var b = DpNode.Start(Args("node-b"));
        await b.WaitForOutputAsync("scheduler node node-b started", Startup);
        await WaitForAsync(() => FireLogLine.Read(fireLog).Any(l => l.Event == "started"), TimeSpan.FromSeconds(60), fireLog);
        var first = FireLogLine.Read(fireLog).Single(l => l.Event == "started");
        var (victim, survivor) = first.Node == "node-a" ? (a, b) : (b, a);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        if (sigterm)
        {
            victim.Terminate();
            Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(30)), victim.Output);
            Assert.True(victim.ExitCode == 130, $"exit {victim.ExitCode}: {victim.Output}");
            Assert.Single(FireLogLine.Read(fireLog), l => l.Event == "interrupted" && l.Node == first.Node);
        }
        else
        {
            victim.KillHard();
        }
        Assert.DoesNotContain(FireLogLine.Read(fireLog), l => l.Event == "succeeded"); // stopped mid-job, not after it
        await WaitForAsync(() => FireLogLine.Read(fireLog).Any(l => l.Event == "succeeded"), TimeSpan.FromSeconds(120), fireLog);
        survivor.Terminate();
        await survivor.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var lines = FireLogLine.Read(fireLog);
        var recovered = Assert.Single(lines, l => l.Event == "recovering");
        Assert.NotEqual(first.Node, recovered.Node);
        var done = Assert.Single(lines, l => l.Event == "succeeded");
        Assert.Equal(recovered.FireId, done.FireId);
        var counts = await LakeCounts.ReadAsync(new LocalObjectStore(dir.Combine("lake")));
        Assert.Equal(new LakeCounts(inputs, inputs), counts); // no sample lost, none stored twice
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string fireLog)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met in {timeout.TotalSeconds} s; fire log:\n" +
                                           (File.Exists(fireLog) ? File.ReadAllText(fireLog) : "(none)"));
            }
            await Task.Delay(200);
        }
    }
}
