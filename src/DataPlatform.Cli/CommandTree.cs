using System.CommandLine;
using DataPlatform.Cli.Commands;

namespace DataPlatform.Cli;

/// <summary>The top-level commands of <c>dp</c>, one per file under Commands/.</summary>
internal static class CommandTree
{
    public static IEnumerable<Command> All() =>
    [
        VersionCommand.Create(),
        SqlCommand.Create(),
        StatsCommand.Create(),
        WeightsCommand.Create(),
        BenchCommand.Create(BenchStatsCommand.Create(), BenchIngestCommand.Create()),
        LakeCommand.Create(),
        PipelineCommand.Create(),
        SchedulerCommand.Create(),
        IngestCommand.Create(),
        DemoCommand.Create(),
    ];
}
