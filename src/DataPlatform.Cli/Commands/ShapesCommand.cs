using System.CommandLine;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp shapes ...</c>: the ShapeWorld checker, prompt sets and GenEval-style scorer.</summary>
internal static class ShapesCommand
{
    public static Command Create()
    {
        var shapes = new Command("shapes", "ShapeWorld: check images, score them against prompt sets, write prompt sets.");
        shapes.Subcommands.Add(ShapesScoreCommand.Create());
        shapes.Subcommands.Add(ShapesCheckCommand.Create());
        shapes.Subcommands.Add(ShapesPromptsCommand.Create());
        shapes.Subcommands.Add(ShapesOracleCommand.Create());
        return shapes;
    }
}
