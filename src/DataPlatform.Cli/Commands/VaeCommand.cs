using System.CommandLine;
using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Training;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp vae train --config pipelines/RUN.json --out DIR [--steps N] [--lr X]</c>: trains the KL-VAE tokenizer a run
/// config asks for on the lake's samples; the run then names DIR as <c>model.vae_checkpoint</c>.
/// </summary>
internal static class VaeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Training run config whose model.tokenizer is KlVae (model.vae gives the shape).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for vae.safetensors and vae.json.", Required = true };
        var steps = new Option<long>("--steps") { Description = "Optimiser steps.", DefaultValueFactory = _ => 1000 };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 2e-4 };
        var train = new Command("train", "Train the KL-VAE tokenizer of a run config on the lake's samples.") { config, output, steps, lr };
        train.SetAction((parse, ct) => Guarded.RunAsync(async () =>
        {
            var run = TrainRunConfig.Load(parse.GetValue(config)!);
            long total = parse.GetValue(steps), every = Math.Max(1, total / 20);
            var progress = new Progress<(long Step, double Reconstruction)>(p =>
            {
                if (p.Step % every == 0 || p.Step == total)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vae step {p.Step}/{total}  reconstruction mse {p.Reconstruction:0.00000}"));
            });
            var result = await VaeTraining.RunAsync(run, Path.GetFullPath(parse.GetValue(output)!), total, parse.GetValue(lr), progress, ct);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"VAE: {result.Steps} steps in {result.Seconds:0} s, reconstruction mse {result.FirstReconstruction:0.0000} -> {result.LastReconstruction:0.0000}; [blue]{Markup.Escape(result.Folder)}[/]"));
            return ct.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Ok;
        }, ct));
        return new Command("vae", "The KL-VAE tokenizer.") { train };
    }
}
