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
        IngestCommand.Create(),
        LakeCommand.Create(),
        SynthCommand.Create(),
        ShapesCommand.Create(),
        ModelCommand.Create(),
        Group("bench", "Benchmarks that print a table.", BenchIngestCommand.Create(), BenchSynthCommand.Create(), BenchModelCommand.Create()),
    ];

    private static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var sub in subcommands) group.Subcommands.Add(sub);
        return group;
    }
}
