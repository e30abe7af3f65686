using System.CommandLine;
using DataPlatform.Cli;

// The command tree of `dp`. Each command lives in its own file under Commands/ and calls the library;
// CommandRunner maps failures to the exit codes of DataPlatform.Core.ExitCodes.
var root = new RootCommand("DataPlatform: curate caption-image data and train D-JEPA·T2I on it.");
foreach (var command in CommandTree.All())
{
    root.Subcommands.Add(command);
}
return await CommandRunner.InvokeAsync(root, args);
