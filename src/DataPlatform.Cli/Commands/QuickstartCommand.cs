using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Ingest;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;
using DataPlatform.Model;
using DataPlatform.ShapeWorld.Synthesis;
using DataPlatform.Stats;
using DataPlatform.Training;
using Spectre.Console;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// <c>dp quickstart</c>: the main job on embedded defaults. Synthesises a long-tailed ShapeWorld set,
/// ingests it into a local lake, verifies the lake, writes the long-tail report and the statistical
/// sampling weights, trains the Small model with data feedback on the CPU (the embedded recipe
/// <c>pipelines/quickstart-train.json</c>), writes a sample grid, evaluates on the ShapeWorld prompt set, and
/// prints where everything is. Rerunning it continues where it stopped: ingest adds nothing, training resumes.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Working folder for the dataset and the lake.", DefaultValueFactory = _ => Path.Combine(".dp", "quickstart") };
        var count = new Option<int>("--count") { Description = "ShapeWorld samples to synthesise.", DefaultValueFactory = _ => 20000 };
        var size = new Option<string>("--size") { Description = "Canvas WIDTHxHEIGHT of the synthetic images.", DefaultValueFactory = _ => "32x32" };
        var seed = new Option<long>("--seed") { Description = "Seed of the synthetic dataset.", DefaultValueFactory = _ => 1 };
        var steps = new Option<long?>("--steps") { Description = "Training steps (default: the embedded recipe's)." };

        var command = new Command("quickstart", "Run the main job on embedded defaults: synthesise ShapeWorld, ingest, verify, statistics and weights, train with feedback, generate, evaluate.")
        {
            outDir, count, size, seed, steps,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var root = Path.GetFullPath(parse.GetValue(outDir)!);
                var shapes = Path.Combine(root, "shapes");
                var lakePath = Path.Combine(root, "lake");
                var (width, height) = SynthOptions.ParseSize(parse.GetValue(size)!);

                AnsiConsole.MarkupLine("[bold]1/7[/] synthesising a long-tailed ShapeWorld dataset");
                var synth = new SynthOptions
                {
                    Count = parse.GetValue(count),
                    Width = width,
                    Height = height,
                    Seed = parse.GetValue(seed),
                };
                synth.Validate();
                var synthResult = await Task.Run(() => AnsiConsole.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("synth shapes", maxValue: synth.Count);
                    var result = new ShapeWorldSynthesizer(synth, TimeProvider.System).Run(shapes, new Progress<int>(v => task.Value = v), ct);
                    task.Value = synth.Count;
                    return result;
                }), ct);
                AnsiConsole.MarkupLine($"    {synthResult.Count} samples in {synthResult.Elapsed.TotalSeconds:0.0} s -> [blue]{Markup.Escape(shapes)}[/]");

                AnsiConsole.MarkupLine("[bold]2/7[/] ingesting into the lake");
                var store = ObjectStores.Open(lakePath);
                var summary = await IngestProgressBar.RunAsync(progress => IngestJob.RunAsync(
                    new SourceOptions { Path = shapes, Kind = SourceKind.Folder }, store, new IngestOptions(),
                    ConceptVocabulary.Default(), new LakeWriterOptions(), TimeProvider.System, new Random(), progress, ct));
                IngestSummaryTable.Write(summary, store.Root);

                AnsiConsole.MarkupLine("[bold]3/7[/] verifying the lake");
                var findings = await LakeVerifier.VerifyAsync(store, ct: ct);
                var commits = await new LakeReader(store).ListCommitsAsync(ct);
                AnsiConsole.MarkupLine(findings.Count == 0
                    ? $"    {commits.Count} commits verified (row counts and checksums)"
                    : $"    [red]{findings.Count} problems[/]: run dp lake verify --lake {Markup.Escape(lakePath)}");

                AnsiConsole.MarkupLine("[bold]4/7[/] long-tail statistics and sampling weights (DuckDB)");
                var reportDir = Path.Combine(root, "stats-report");
                using (var session = await LakeSession.OpenAsync(store, LakeSessionOptions.Default, SessionKind.Report, ct: ct))
                {
                    var report = LongTailReport.Read(session);
                    StatsTables.Print(report);
                    ReportWriter.Write(report, reportDir);
                    WeightsCommand.Print(await WeightsSnapshot.ComputeAsync(session, store, new WeightsOptions(), TimeProvider.System, ct));
                }

                AnsiConsole.MarkupLine("[bold]5/7[/] training the Small D-JEPA·T2I model with data feedback");
                var recipe = QuickstartTraining.Recipe(lakePath, parse.GetValue(steps));
                var trained = await TrainConsole.RunAsync(recipe, ct);
                TrainConsole.PrintResult(trained);
                if (trained.Interrupted) return ExitCodes.Cancelled;

                AnsiConsole.MarkupLine("[bold]6/7[/] generating a sample grid");
                var model = TrainedModel.Load(trained.RunFolder, TorchDevices.Resolve(recipe.Device));
                var grid = QuickstartTraining.SampleGrid(model);
                AnsiConsole.MarkupLine($"    [blue]{Markup.Escape(grid)}[/]");

                AnsiConsole.MarkupLine("[bold]7/7[/] evaluating on the ShapeWorld prompt set (GenEval-style, 1 image per prompt)");
                var (score, evalFolder) = QuickstartTraining.Evaluate(model, ct);
                ShapesScoreCommand.Print(score, evalFolder, ShapeWorld.Prompts.PromptSet.V1());
                await ConceptAccuracyTable.PrintAsync(trained.RunFolder, score, ShapeWorld.Prompts.PromptSet.V1(), ct);

                AnsiConsole.MarkupLine($"""
                    [bold]Done.[/]
                      dataset  {Markup.Escape(shapes)}  (PNG + caption sidecars, scenes.jsonl ground truth)
                      lake     {Markup.Escape(lakePath)}
                      report   {Markup.Escape(Path.Combine(reportDir, "report.md"))} (+ PNG plots)
                      run      {Markup.Escape(trained.RunFolder)}  (checkpoints, run.json)
                      samples  {Markup.Escape(grid)}
                      eval     {Markup.Escape(evalFolder)}  (images + report.json)
                    Next: dp sql --lake {Markup.Escape(lakePath)} "SELECT step, loss_flow, loss_pred, samples_per_s FROM train_log ORDER BY step DESC LIMIT 5"
                          dp generate --lake {Markup.Escape(lakePath)} --run quickstart --prompt "a red circle left of a blue square" --out x.png
                    """);
                return summary.Reconciles && findings.Count == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
            }
            catch (Exception ex)
            {
                return CommandRunner.Report(ex, ct.IsCancellationRequested);
            }
        });
        return command;
    }
}
