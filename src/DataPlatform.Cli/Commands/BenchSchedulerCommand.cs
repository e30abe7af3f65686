using System.CommandLine;
using System.Threading.Channels;
using DataPlatform.Core;
using DataPlatform.Scheduling.Hosting;
using Quartz;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp bench scheduler</c>: the delay from a trigger's scheduled fire time to the start of its job
/// (<see cref="IJobExecutionContext.ScheduledFireTimeUtc"/> vs the clock when <see cref="BenchFireJob"/>
/// starts), over --fires fires of a trivial job on an interval trigger, for a single node with the RAM
/// store and for a clustered node on the ADO.NET PostgreSQL store (PostgreSQL started here by
/// infra/postgres.sh and stopped at the end). Both use the Scheduling project's <see cref="SchedulerFactory"/>.
/// </summary>
internal static class BenchSchedulerCommand
{
    public static Command Create()
    {
        var fires = new Option<int>("--fires") { Description = "Fires per store.", DefaultValueFactory = _ => 20 };
        var intervalMs = new Option<int>("--interval-ms") { Description = "Trigger interval in milliseconds.", DefaultValueFactory = _ => 500 };
        var infra = new Option<string>("--infra") { Description = "Folder holding postgres.sh.", DefaultValueFactory = _ => "infra" };
        var noPostgres = new Option<bool>("--no-postgres") { Description = "Skip the clustered PostgreSQL run." };
        var command = new Command("scheduler", "Benchmark the delay from trigger fire time to job start (RAM store, clustered PostgreSQL).") { fires, intervalMs, infra, noPostgres };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                new Validation().AtLeast("bench.fires", parse.GetValue(fires), 2).AtLeast("bench.interval_ms", parse.GetValue(intervalMs), 10).ThrowIfInvalid();
                await RunAsync(parse.GetValue(fires), TimeSpan.FromMilliseconds(parse.GetValue(intervalMs)), parse.GetValue(infra)!, !parse.GetValue(noPostgres), ct);
                return ExitCodes.Ok;
            }
            catch (Exception ex)
            {
                return CommandRunner.Report(ex, ct.IsCancellationRequested);
            }
        });
        return command;
    }

    private static async Task RunAsync(int fires, TimeSpan interval, string infra, bool postgres, CancellationToken ct)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]scheduler overhead: fire time -> job start[/] ({fires} fires, interval {interval.TotalMilliseconds:0} ms)");
        table.AddColumns("store", "fires", "p50 ms", "p95 ms", "max ms");
        for (var i = 1; i < 5; i++) table.Columns[i].RightAligned();

        AnsiConsole.MarkupLine("[grey]single node, RAM store...[/]");
        AddRow(table, "single node, RAM store", await MeasureAsync(SchedulerStore.Memory, fires, interval, ct));
        if (postgres)
        {
            AnsiConsole.MarkupLine("[grey]starting PostgreSQL...[/]");
            using var pg = BenchInfraService.Postgres(Path.GetFullPath(infra));
            AnsiConsole.MarkupLine($"[grey]clustered node, ADO.NET PostgreSQL store (postgres pid {pg.Pid})...[/]");
            AddRow(table, "clustered, PostgreSQL store", await MeasureAsync(SchedulerStore.Parse(pg.Env["DP_TEST_PG"]), fires, interval, ct));
        }
        table.Caption("Delay = clock at job start - ScheduledFireTimeUtc; idle wait 1 s, 4 threads (SchedulerNodeOptions defaults).");
        AnsiConsole.Write(table);
    }

    private static void AddRow(Table table, string label, double[] delaysMs)
    {
        var sorted = delaysMs.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        table.AddRow(label, $"{sorted.Length}", $"{At(0.50):0.0}", $"{At(0.95):0.0}", $"{sorted[^1]:0.0}");
    }

    private static async Task<double[]> MeasureAsync(SchedulerStore store, int fires, TimeSpan interval, CancellationToken ct)
    {
        var delays = Channel.CreateUnbounded<double>();
        var scheduler = await SchedulerFactory.CreateAsync(new SchedulerNodeOptions { Store = store, NodeId = $"bench-{Environment.ProcessId}" }, ct);
        try
        {
            scheduler.Context[BenchFireJob.ContextKey] = delays.Writer;
            await scheduler.Start(ct);
            var name = $"bench-{Guid.NewGuid():N}";
            var job = JobBuilder.Create<BenchFireJob>().WithIdentity(name, "bench").Build();
            var trigger = TriggerBuilder.Create().WithIdentity(name, "bench")
                .StartAt(DateTimeOffset.UtcNow.AddSeconds(2))
                .WithSimpleSchedule(s => s.WithInterval(interval).WithRepeatCount(fires - 1))
                .Build();
            await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30) + interval * fires);
            var result = new List<double>(fires);
            while (result.Count < fires) result.Add(await delays.Reader.ReadAsync(timeout.Token));
            return [.. result];
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
        }
    }
}

/// <summary>The trivial job of <c>dp bench scheduler</c>: reports how late it started against its scheduled fire time.</summary>
[DisallowConcurrentExecution]
internal sealed class BenchFireJob : IJob
{
    public const string ContextKey = "dp.bench.delays";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var delay = started - (context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
        var writer = (ChannelWriter<double>)context.Scheduler.Context[ContextKey]!;
        writer.TryWrite(delay.TotalMilliseconds);
        return ValueTask.CompletedTask;
    }
}
