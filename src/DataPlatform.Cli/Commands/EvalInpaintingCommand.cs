using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Curation;
using DataPlatform.Lake;
using DataPlatform.Lake.Caching;
using DataPlatform.Training.Evaluation;
using DataPlatform.Training.Generation;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp eval inpainting --run R [--samples 64]</c>: masked-token losses of a run's EMA model on lake samples at mask
/// ratios 1, 0.75, 0.5, 0.25; the flow loss must fall as more tokens are visible (<see cref="InpaintingCheck"/>). Then the
/// same loss with the captions against the null caption: it must be lower with them.
/// </summary>
internal static class EvalInpaintingCommand
{
    public static Command Create()
    {
        var shared = new GenerationCliOptions();
        var samples = new Option<int>("--samples") { Description = "Lake samples in the batch (uniform draw, one bucket).", DefaultValueFactory = _ => 64 };
        var command = new Command("inpainting", "Masked-token loss versus visible tokens: the check that a model in-paints (error must fall as more is visible).")
        {
            shared.Run, shared.Lake, shared.Seed, shared.Threads, shared.OmpWait, shared.Device, samples,
        };
        command.SetAction(async (parse, ct) =>
        {
            new Validation().AtLeast("--samples", parse.GetValue(samples), 1).ThrowIfInvalid();
            var model = shared.LoadModel(parse);
            var store = ObjectStores.Open(parse.GetValue(shared.Lake)!, create: false);
            var index = await SampleIndex.BuildAsync(store, ct: ct);
            await using var stream = new CuratedStream(index, new ShardCache(store, ShardCacheOptions.Default), SamplingWeights.Uniform(index),
                new StreamOptions(BatchSize: parse.GetValue(samples), Seed: parse.GetValue(shared.Seed), PrefetchBatches: 1));
            var batch = await stream.NextAsync(ct);
            var points = InpaintingCheck.Measure(model, batch, [1.0, 0.75, 0.5, 0.25], parse.GetValue(shared.Seed));
            var table = new Table().Title($"In-painting check, step {model.Step}, {batch.Count} samples {batch.Width}x{batch.Height}")
                .AddColumn("mask ratio").AddColumn(new TableColumn("visible tokens").RightAligned())
                .AddColumn(new TableColumn("flow loss").RightAligned()).AddColumn(new TableColumn("pred loss").RightAligned());
            foreach (var p in points)
                table.AddRow(p.MaskRatio.ToString("0.00", CultureInfo.InvariantCulture), $"{p.VisibleTokens}/{p.Tokens}",
                    p.FlowLoss.ToString("0.0000", CultureInfo.InvariantCulture), p.PredLoss.ToString("0.0000", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            double drop = 1 - points[^1].FlowLoss / points[0].FlowLoss;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"flow loss falls by {drop:P1} from no visible token to {points[^1].VisibleTokens} visible: {(drop > 0.05 ? "the model uses visible tokens" : "[yellow]flat: the model does not use visible tokens yet[/]")}"));
            var (withCaptions, withNull) = InpaintingCheck.CaptionEffect(model, batch, parse.GetValue(shared.Seed));
            double gain = 1 - withCaptions / withNull;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"captions: flow loss with nothing visible is {withCaptions:0.0000} with the batch's captions and {withNull:0.0000} with the null caption, {gain:P1} lower with captions"));
            PrintWordEffect("colour", $"red -> {InpaintingCheck.SwapColours("red")}", InpaintingCheck.ColourWordEffect(model, batch, parse.GetValue(shared.Seed)));
            PrintWordEffect("shape", $"circle -> {InpaintingCheck.SwapShapes("circle")}", InpaintingCheck.ShapeWordEffect(model, batch, parse.GetValue(shared.Seed)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PrintWordEffect(string kind, string example, WordEffect? effect) =>
        AnsiConsole.MarkupLine(effect is null
            ? $"{kind} words: no caption of the batch names a {kind}"
            : string.Create(CultureInfo.InvariantCulture,
                $"{kind} words: on the {effect.Samples} samples whose caption names a {kind}, flow loss {effect.RightWords:0.0000} with the caption and {effect.SwappedWords:0.0000} with its {kind}s swapped ({example}, ...), {effect.Gain:P1} lower with the right {kind}s"));
}
