using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Model;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp model info --preset X</c>: parameter count per component, computed without allocating weights.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = $"Model preset: {string.Join(", ", ModelPresets.Names)}.", DefaultValueFactory = _ => "small" };
        preset.AcceptOnlyFromAmong([.. ModelPresets.Names]);
        var info = new Command("info", "Print a preset's shape and parameter count per component (no weights are allocated).") { preset };
        info.SetAction(parse =>
        {
            var name = parse.GetValue(preset)!;
            var config = ModelPresets.ByName(name).Validate();
            Print(name, config);
            return ExitCodes.Ok;
        });
        return new Command("model", "Inspect the D-JEPA·T2I model.") { info };
    }

    private static void Print(string name, ModelConfig c)
    {
        AnsiConsole.MarkupLine($"[bold]D-JEPA·T2I preset {name.ToLowerInvariant()}[/]: width {c.Width}, encoder {c.EncoderDepth} + predictor {c.PredictorDepth} blocks, " +
            $"{c.Heads} heads, text stream {c.TextStream}, {c.BufferTokens} buffer tokens, positions {c.Position}, head {c.Head} {c.HeadWidth}x{c.HeadDepth}, " +
            $"tokens {c.Tokenizer} ({c.TokenChannels} values, {c.PixelsPerToken} px), text {c.TextEncoder} ({c.TextFeatureWidth} wide)");
        var table = new Table().AddColumn("component").AddColumn(new TableColumn("parameters").RightAligned()).AddColumn(new TableColumn("millions").RightAligned());
        foreach (var part in ParameterCount.Components(c))
            table.AddRow(part.Component, part.Parameters.ToString("N0", CultureInfo.InvariantCulture), (part.Parameters / 1e6).ToString("F2", CultureInfo.InvariantCulture));
        long network = ParameterCount.Network(c);
        table.AddRow("[bold]network (context encoder + predictor + heads)[/]", network.ToString("N0", CultureInfo.InvariantCulture), (network / 1e6).ToString("F2", CultureInfo.InvariantCulture));
        long module = ParameterCount.Module(c);
        table.AddRow("network + text encoder", module.ToString("N0", CultureInfo.InvariantCulture), (module / 1e6).ToString("F2", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }
}
