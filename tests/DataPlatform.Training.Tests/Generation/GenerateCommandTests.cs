using DataPlatform.Core;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.Testing;
using Xunit.Abstractions;

namespace DataPlatform.Training.Tests.Generation;

/// <summary><c>dp generate</c> and <c>dp eval shapes</c> run as processes against the Tiny run.</summary>
[Collection(TinyRunCollection.Name)]
public class GenerateCommandTests(TinyRunFixture run, ITestOutputHelper log)
{
    private static readonly string[] Fast = ["--steps", "3", "--ode-steps", "3", "--threads", "1"];

    [Fact]
    public async Task Generate_writes_a_png_of_the_requested_size()
    {
        var output = run.Combine("cli", "x.png");
        var result = await Dp(["generate", "--run", run.Run, "--prompt", "a red circle", "--size", "48x32", "--seed", "1", "--cfg", "3", "--out", output, "--omp-wait", "ACTIVE", .. Fast]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var image = PngCodec.Decode(output);
        Assert.Equal((48, 32), (image.Width, image.Height));
    }

    [Fact]
    public async Task Generate_from_a_prompt_file_writes_a_folder_and_a_grid_with_a_row_per_prompt()
    {
        var prompts = run.Combine("cli", "prompts.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(prompts)!);
        File.WriteAllLines(prompts, ["a red circle", "", "two blue squares"]);
        var folder = run.Combine("cli", "many");
        var grid = run.Combine("cli", "grid.png");

        var result = await Dp(["generate", "--run", run.Checkpoint, "--prompts", prompts, "--samples", "3", "--out", folder, "--grid", grid, "--cfg-schedule", "constant", .. Fast]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(["000_0.png", "000_1.png", "000_2.png", "001_0.png", "001_1.png", "001_2.png"],
            Directory.GetFiles(folder, "*.png").Select(Path.GetFileName).Order());
        var manifest = File.ReadAllText(Path.Combine(folder, "generate.json"));
        Assert.Contains("two blue squares", manifest);
        Assert.Contains("constant", manifest);
        var image = PngCodec.Decode(grid);
        Assert.Equal((3 * 32 + 4 * 2, 2 * 32 + 3 * 2), (image.Width, image.Height));
    }

    [Fact]
    public async Task Generate_with_a_missing_run_exits_65_naming_where_it_looked()
    {
        var lake = run.Combine("no-lake");
        var result = await Dp(["generate", "--run", "missing-run", "--lake", lake, "--prompt", "x", "--out", run.Combine("y.png")]);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(Path.Combine(lake, "runs", "missing-run"), result.Stderr);
    }

    [Theory]
    [InlineData("--cfg-schedule", "cosine", "linear")]
    [InlineData("--omp-wait", "SPIN", "PASSIVE")]
    public async Task Generate_with_an_unknown_choice_exits_64_naming_the_choices(string option, string value, string choice)
    {
        var result = await Dp(["generate", "--run", run.Run, "--prompt", "x", option, value, "--out", run.Combine("s.png"), .. Fast]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(value, result.Stderr);
        Assert.Contains(choice, result.Stderr);
    }

    [Fact]
    public async Task Generate_with_a_size_off_the_token_grid_exits_64_naming_the_size()
    {
        var result = await Dp(["generate", "--run", run.Run, "--prompt", "x", "--size", "30x32", "--out", run.Combine("z.png"), .. Fast]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("30x32", result.Stderr);
    }

    [Fact]
    public async Task Eval_shapes_prints_the_table_and_writes_the_report_under_the_run()
    {
        var result = await Dp(["eval", "shapes", "--run", run.Run, "--limit", "6", "--samples", "1", .. Fast]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("overall", result.Stdout);
        Assert.Contains("color_attr", result.Stdout);
        Assert.Contains("colour binding:", result.Stdout);
        var folder = Path.Combine(run.Run, "eval", "shapes-step-0");
        Assert.Equal(6, Directory.GetFiles(folder, "*.png").Length);
        Assert.True(File.Exists(Path.Combine(folder, "report.json")));
    }

    [Fact]
    public async Task Eval_inpainting_prints_the_loss_by_visible_tokens_on_the_device_asked_for()
    {
        using var lake = await TrainingLakes.CreateAsync(samples: 8);
        var result = await Dp(["eval", "inpainting", "--run", run.Run, "--lake", lake.Path, "--samples", "4", "--threads", "1", "--device", "cpu"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains(") on cpu", result.Stdout);
        Assert.Contains("In-painting check, step 0, 4 samples 32x32", result.Stdout);
        Assert.Contains("captions: flow loss with nothing visible", result.Stdout);
    }

    private async Task<DpCommand.Result> Dp(string[] args)
    {
        var result = await DpCommand.RunAsync(args);
        log.WriteLine($"dp {string.Join(' ', args)}\n{result}");
        return result;
    }
}
