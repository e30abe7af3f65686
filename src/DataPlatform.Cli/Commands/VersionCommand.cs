using System.CommandLine;
using DataPlatform.Core;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp version</c>: the tool and lake schema versions.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the dp and lake schema versions.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetName().Version;
            Console.WriteLine($"dp {version} (lake schema {LakeSchema.Version})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
