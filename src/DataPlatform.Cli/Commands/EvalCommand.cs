using System.CommandLine;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp eval ...</c>: evaluations of a trained run.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Evaluate a trained run.");
        eval.Subcommands.Add(EvalShapesCommand.Create());
        eval.Subcommands.Add(EvalInpaintingCommand.Create());
        eval.Subcommands.Add(EvalLossesCommand.Create());
        return eval;
    }
}
