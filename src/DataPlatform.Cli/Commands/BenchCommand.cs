using System.CommandLine;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp bench &lt;thing&gt;</c>: the benchmarks, one subcommand per measured capability.</summary>
internal static class BenchCommand
{
    public static Command Create(params Command[] benchmarks)
    {
        var command = new Command("bench", "Benchmarks that print their figures as a table.");
        foreach (var benchmark in benchmarks) command.Subcommands.Add(benchmark);
        return command;
    }
}
