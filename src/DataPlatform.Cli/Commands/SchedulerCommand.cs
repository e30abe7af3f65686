using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Scheduling.Hosting;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp scheduler run --pipelines DIR [--store memory|postgres://...] [--node-id X]</c>: a scheduler
/// node until SIGTERM / Ctrl-C (graceful shutdown, exit 130); <c>dp scheduler status --store ...</c>:
/// jobs, next fire times and last outcomes from a PostgreSQL job store.
/// </summary>
internal static class SchedulerCommand
{
    public static Command Create()
    {
        var command = new Command("scheduler", "Run a scheduler node over pipeline files, or show the job store's status.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Status());
        return command;
    }

    private static Option<string> StoreOption() =>
        new("--store") { Description = "Job store: memory (default) or postgres://user:password@host:port/db (clustered).", DefaultValueFactory = _ => "memory" };

    private static Command Run()
    {
        var defaults = new SchedulerNodeOptions();
        var pipelines = new Option<string>("--pipelines") { Description = "Folder of pipeline files (*.json with a jobs member).", Required = true };
        var store = StoreOption();
        var node = new Option<string?>("--node-id") { Description = "Node id, unique in a cluster (default <host>-<pid>)." };
        var checkin = new Option<double>("--checkin-seconds") { Description = "Cluster check-in interval; a node silent for this long is recovered by the others.", DefaultValueFactory = _ => defaults.CheckinInterval.TotalSeconds };
        var grace = new Option<double>("--grace-seconds") { Description = "On shutdown, how long running jobs may finish before they are interrupted.", DefaultValueFactory = _ => defaults.ShutdownGrace.TotalSeconds };
        var fireLog = new Option<string?>("--fire-log") { Description = "Append one line per job start and end to this file (audit; several nodes may share it)." };
        var command = new Command("run", "Run a scheduler node until SIGTERM or Ctrl-C.");
        foreach (var o in new Option[] { pipelines, store, node, checkin, grace, fireLog }) command.Options.Add(o);
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var options = defaults with
            {
                Store = SchedulerStore.Parse(parse.GetValue(store)),
                NodeId = parse.GetValue(node) ?? defaults.NodeId,
                CheckinInterval = TimeSpan.FromSeconds(parse.GetValue(checkin)),
                ShutdownGrace = TimeSpan.FromSeconds(parse.GetValue(grace)),
                FireLog = parse.GetValue(fireLog),
            };
            return await new SchedulerHost(options, TimeProvider.System, Console.Out).RunAsync(parse.GetValue(pipelines)!, ct);
        }, ct));
        return command;
    }

    private static Command Status()
    {
        var store = StoreOption();
        var command = new Command("status", "List jobs, trigger states, next fire times and the last outcome of each, from the job store.");
        command.Options.Add(store);
        command.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var rows = await SchedulerStatus.ReadAsync(SchedulerStore.Parse(parse.GetValue(store)), ct);
            static string T(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (t is null ? "-" : "Z");
            var table = new Table().Border(TableBorder.Rounded).AddColumns("pipeline", "job", "state", "next fire", "previous fire", "last outcome", "runs");
            foreach (var r in rows)
            {
                var last = r.LastStatus is null ? "-" : $"{r.LastStatus} {r.LastFinished} on {r.LastNode}: {r.LastMessage}";
                table.AddRow(Markup.Escape(r.Pipeline), Markup.Escape(r.Job), r.TriggerState, T(r.NextFire), T(r.PreviousFire),
                    Markup.Escape(last), r.Executions.ToString(CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
