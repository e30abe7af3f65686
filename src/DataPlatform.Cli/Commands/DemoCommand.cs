using System.CommandLine;
using DataPlatform.Core;
using DataPlatform.Ingest.Demo;

namespace DataPlatform.Cli.Commands;

/// <summary><c>dp demo data --out DIR --count N</c>: write a small generated source folder (shapes + captions + a few hostile files).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the demo source into.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of good caption-image pairs.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same files).", DefaultValueFactory = _ => 1 };
        var noHostile = new Option<bool>("--no-hostile") { Description = "Leave out the hostile files." };
        var data = new Command("data", "Write a generated demo dataset (coloured shapes with captions, plus hostile files ingest must refuse).")
        {
            output, count, seed, noHostile,
        };
        data.SetAction(parse =>
        {
            try
            {
                var v = new Validation().AtLeast("demo.count", parse.GetValue(count), 0);
                v.ThrowIfInvalid();
                var folder = parse.GetValue(output)!;
                var files = DemoDataset.Write(folder, parse.GetValue(count), new Random(parse.GetValue(seed)), hostile: !parse.GetValue(noHostile));
                Console.WriteLine($"wrote {files} files to {Path.GetFullPath(folder)}");
                return ExitCodes.Ok;
            }
            catch (Exception ex)
            {
                return CommandRunner.Report(ex);
            }
        });
        return new Command("demo", "Demo data for trying dp without a dataset.") { data };
    }
}
