using System.CommandLine;
using System.Diagnostics;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.Training.Evaluation;
using DataPlatform.Training.Generation;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp eval shapes --run R [--split train|heldout] [--limit N] [--samples K] [--size WxH] [--out FOLDER]</c>: generates
/// K images per ShapeWorld prompt, scores them with the pixel checker and prints the GenEval-style table (per task,
/// overall, per split). Images and report.json go to <c>&lt;run&gt;/eval/shapes-step-&lt;step&gt;/</c> unless --out says otherwise.
/// </summary>
internal static class EvalShapesCommand
{
    public static Command Create()
    {
        var defaults = new ShapesEvaluationOptions();
        var shared = new GenerationCliOptions();
        var prompts = new Option<string>("--prompts") { Description = "Prompt set: 'v1' (embedded) or a JSONL file.", DefaultValueFactory = _ => "v1" };
        var split = new Option<string?>("--split") { Description = "Only this split: train or heldout (default: both)." };
        split.AcceptOnlyFromAmong(PromptSpec.TrainSplit, PromptSpec.HeldOutSplit);
        var limit = new Option<int?>("--limit") { Description = "At most this many prompts, taken in turn from each task (default: all)." };
        var samples = new Option<int>("--samples") { Description = "Images per prompt (GenEval: 4).", DefaultValueFactory = _ => defaults.SamplesPerPrompt };
        var output = new Option<string?>("--out") { Description = "Folder for the images and report.json (default: <run>/eval/shapes-step-<step>/)." };
        var command = new Command("shapes", "Generate the ShapeWorld prompt set with a run and print its GenEval-style score.")
        {
            prompts, split, limit, samples, output,
        };
        foreach (var option in shared.All) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var set = PromptSet.Load(parse.GetValue(prompts)!);
            var options = new ShapesEvaluationOptions
            {
                Split = parse.GetValue(split),
                Limit = parse.GetValue(limit),
                SamplesPerPrompt = parse.GetValue(samples),
                Generation = shared.Generation(parse),
            }.Validate();

            var model = shared.LoadModel(parse);
            options.Generation.Validate(model.Config);
            var folder = Path.GetFullPath(parse.GetValue(output) ?? ShapesEvaluation.DefaultFolder(model));
            var evaluation = new ShapesEvaluation(new ImageGenerator(model), set, new SceneChecker());
            int total = evaluation.ImageCount(options);
            var g = options.Generation;
            AnsiConsole.MarkupLine($"{total} images ({options.Select(set).Count} prompts x {options.SamplesPerPrompt}) at {g.SizeFor(model.Config)}, " +
                                   $"T {g.Steps}, Euler {g.OdeSteps}, CFG {g.Cfg} ({g.CfgScheduleName}), seed {g.Seed}");
            var clock = Stopwatch.StartNew();
            var report = GenerationCliOptions.WithProgress("eval shapes", total, progress => evaluation.Run(folder, options, progress, cancel));
            var seconds = clock.Elapsed.TotalSeconds;

            ShapesScoreCommand.Print(report, folder, set);
            await ConceptAccuracyTable.PrintAsync(RunReference.RunOf(model.Checkpoint), report, set, cancel);
            AnsiConsole.MarkupLine($"step {model.Step}: {report.TotalImages} images in {seconds:0.0} s ({seconds / report.TotalImages:0.00} s/image); " +
                                   $"images and {ShapesEvaluation.ReportFile} in [blue]{Markup.Escape(folder)}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }
}
