using System.CommandLine;
using DataPlatform.Cli.Commands;

namespace DataPlatform.Cli;

/// <summary>The top-level commands of <c>dp</c>, one per file under Commands/.</summary>
internal static class CommandTree
{
    public static IEnumerable<Command> All() =>
    [
        VersionCommand.Create(),
        QuickstartCommand.Create(),
        DemoCommand.Create(),
        SynthCommand.Create(),
        IngestCommand.Create(),
        LakeCommand.Create(),
        SqlCommand.Create(),
        StatsCommand.Create(),
        WeightsCommand.Create(),
        ShapesCommand.Create(),
        ModelCommand.Create(),
        TrainCommand.Create(),
        VaeCommand.Create(),
        PipelineCommand.Create(),
        SchedulerCommand.Create(),
        GenerateCommand.Create(),
        EvalCommand.Create(),
        BenchCommand.Create(
            BenchIngestCommand.Create(),
            BenchSynthCommand.Create(),
            BenchStatsCommand.Create(),
            BenchModelCommand.Create(),
            BenchS3Command.Create(),
            BenchSchedulerCommand.Create()),
    ];
}
