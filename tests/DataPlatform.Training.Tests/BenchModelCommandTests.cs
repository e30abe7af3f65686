using DataPlatform.Testing;

namespace DataPlatform.Training.Tests;

/// <summary><c>dp bench model</c> on the Tiny preset: every table prints with figures (the Small figures are in the README).</summary>
[Collection("torch")]
public sealed class BenchModelCommandTests
{
    [Fact]
    public async Task Bench_model_prints_the_peak_the_layer_shapes_and_the_training_table()
    {
        // two torch threads with the default PASSIVE wait policy: one replica per thread unless --replicas says otherwise
        var result = await DpCommand.RunAsync(["bench", "model", "--preset", "tiny", "--batch", "4", "--steps", "1", "--skip-generation", "--threads", "2"],
            TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("fp32 matmul peak", result.Output);
        Assert.Contains("matmul at the model's shapes", result.Output);
        Assert.Contains("head AdaLN modulation", result.Output);
        Assert.Contains("MFU (wall: share of measured peak)", result.Output);
        Assert.Contains("time: matmuls (estimate", result.Output);
        Assert.Contains("2 replica(s)", result.Output);
        Assert.Contains("device cpu, torch threads 2", result.Output);
    }

    [Fact]
    public async Task Bench_model_refuses_more_replicas_than_samples_and_replicas_with_spinning_threads()
    {
        var tooMany = await DpCommand.RunAsync(["bench", "model", "--preset", "tiny", "--batch", "2", "--replicas", "3", "--skip-generation"], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, tooMany.ExitCode);
        Assert.Contains("replicas must be in", tooMany.Output);
        var active = await DpCommand.RunAsync(["bench", "model", "--preset", "tiny", "--replicas", "2", "--omp-wait", "ACTIVE", "--skip-generation"], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, active.ExitCode);
        Assert.Contains("--replicas above 1 needs --omp-wait PASSIVE", active.Output);
    }

    [Fact]
    public async Task Bench_model_names_its_device_and_refuses_unknown_ones_and_cuda_in_the_cpu_build()
    {
        var unknown = await DpCommand.RunAsync(["bench", "model", "--preset", "tiny", "--device", "gpu", "--skip-generation"], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("--device must be auto, cpu, cuda or cuda:N, was 'gpu'", unknown.Output);
        var cuda = await DpCommand.RunAsync(["bench", "model", "--preset", "tiny", "--device", "cuda", "--skip-generation"], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, cuda.ExitCode);
        Assert.Contains("device cuda: CUDA is not available", cuda.Output);
    }
}
