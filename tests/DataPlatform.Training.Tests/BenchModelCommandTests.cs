using DataPlatform.Testing;

namespace DataPlatform.Training.Tests;

/// <summary><c>dp bench model</c> on the Tiny preset: every table prints with figures (the Small figures are in the README).</summary>
[Collection("torch")]
public sealed class BenchModelCommandTests
{
    [Fact]
    public async Task Bench_model_prints_the_peak_the_layer_shapes_and_the_training_table()
    {
        var result = await DpCommand.RunAsync(["bench", "model", "--preset", "tiny", "--batch", "4", "--steps", "1", "--skip-generation", "--threads", "1"],
            TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("fp32 matmul peak", result.Output);
        Assert.Contains("matmul at the model's shapes", result.Output);
        Assert.Contains("head AdaLN modulation", result.Output);
        Assert.Contains("MFU (wall: share of measured peak)", result.Output);
        Assert.Contains("time: matmuls (estimate", result.Output);
    }
}
