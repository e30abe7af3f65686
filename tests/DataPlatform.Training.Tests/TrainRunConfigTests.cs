using System.Text.Json.Nodes;
using DataPlatform.Core;
using DataPlatform.Model;
using DataPlatform.Training;

namespace DataPlatform.Training.Tests;

public sealed class TrainRunConfigTests
{
    [Fact]
    public void Every_bad_value_and_unknown_key_is_reported_at_once()
    {
        var json = JsonNode.Parse("""
            {
              "run": "bad name!", "lake": "lake", "steps": 0, "colour": "red", "omp_wait_policy": "spin",
              "release_memory_every": 0, "device": "gpu",
              "model": { "preset": "huge" },
              "optimizer": { "lr": -1, "schedule": "linear" },
              "stream": { "batch_size": 0, "rank": 2, "world_size": 2 },
              "feedback": { "floor": 1.5, "refresh_every": 0 }
            }
            """)!.AsObject();
        var error = Assert.Throws<ConfigException>(() => TrainRunConfig.FromJson(json, "/tmp", "test"));
        string[] expected =
        [
            "colour is not a known setting", "run must be", "steps must be at least 1", "model.preset: unknown model preset 'huge'",
            "omp_wait_policy must be passive or active, was 'spin'", "release_memory_every must be at least 1",
            "device must be auto, cpu, cuda or cuda:N, was 'gpu'",
            "optimizer.lr must be in", "optimizer.schedule must be constant or cosine", "stream.batch_size must be at least 1",
            "stream.rank must be in 0..1, was 2", "feedback.floor must be in [0, 1], was 1.5", "feedback.refresh_every must be at least 1",
        ];
        foreach (var e in expected) Assert.Contains(error.Errors, m => m.StartsWith(e, StringComparison.Ordinal));
    }

    [Fact]
    public void The_device_defaults_to_auto_and_a_named_one_is_kept_in_the_written_config()
    {
        static TrainRunConfig Parse(string settings) =>
            TrainRunConfig.FromJson(JsonNode.Parse($$"""{ "run": "r", "lake": "lake"{{settings}} }""")!.AsObject(), "/tmp", "test");

        Assert.Equal("auto", Parse("").Device);
        var cpu = Parse(", \"device\": \"cpu\"");
        Assert.Equal("cpu", cpu.Device);
        Assert.Equal("cpu", TrainRunConfig.FromJson(JsonNode.Parse(cpu.ToJson())!.AsObject(), "/tmp", "written").Device);
        Assert.Equal("cuda:1", Parse(", \"device\": \"cuda:1\"").Device);  // valid as a name; whether it exists is checked when a run starts
    }

    [Fact]
    public void Replicas_must_be_positive_and_need_the_passive_wait_policy()
    {
        ConfigException Invalid(string settings) => Assert.Throws<ConfigException>(() =>
            TrainRunConfig.FromJson(JsonNode.Parse($$"""{ "run": "r", "lake": "lake", {{settings}} }""")!.AsObject(), "/tmp", "test"));

        Assert.Contains(Invalid("\"replicas\": 0").Errors, m => m.StartsWith("replicas must be at least 1", StringComparison.Ordinal));
        Assert.Contains(Invalid("\"replicas\": 2, \"omp_wait_policy\": \"active\"").Errors,
            m => m.StartsWith("replicas 2 needs omp_wait_policy passive", StringComparison.Ordinal));
        var config = TrainRunConfig.FromJson(JsonNode.Parse("""{ "run": "r", "lake": "lake", "replicas": 2 }""")!.AsObject(), "/tmp", "test");
        Assert.Equal(2, config.Replicas);
    }

    [Fact]
    public void Model_overrides_apply_to_the_preset_and_unknown_model_keys_are_named()
    {
        var json = JsonNode.Parse("""{ "run": "r", "lake": "lake", "model": { "preset": "small", "patch_size": 8, "dropout": 0 } }""")!.AsObject();
        var config = TrainRunConfig.FromJson(json, "/data", "test");
        var v = new Validation();
        var model = config.Model.Resolve(v)!;
        Assert.Equal(8, model.PatchSize);
        Assert.Equal(0.0, model.Dropout);
        Assert.Equal(ModelPresets.Small.Width, model.Width);
        Assert.Equal("/data/lake", config.Lake);
        Assert.Equal("/data/lake/runs/r", config.Layout.Directory);

        json["model"]!["patch_sise"] = 4;
        var error = Assert.Throws<ConfigException>(() => TrainRunConfig.FromJson(json, "/data", "test"));
        Assert.Contains(error.Errors, m => m.StartsWith("model.patch_sise is not a known setting", StringComparison.Ordinal));
    }

    [Fact]
    public void The_schedule_warms_up_linearly_then_holds_or_decays_and_weight_decay_ramps()
    {
        var constant = new OptimizerSection { Lr = 1e-3, WarmupSteps = 10 };
        Assert.Equal(1e-4, constant.LearningRate(0, 100), 12);
        Assert.Equal(1e-3, constant.LearningRate(9, 100), 12);
        Assert.Equal(1e-3, constant.LearningRate(99, 100), 12);
        var cosine = constant with { Schedule = "cosine", MinLrRatio = 0.1 };
        Assert.Equal(1e-4, cosine.LearningRate(100, 100), 12);
        Assert.True(cosine.LearningRate(50, 100) < 1e-3 && cosine.LearningRate(50, 100) > 1e-4);
        Assert.Equal(0.0, constant.WeightDecayAt(0, 100));
        Assert.Equal(0.02, constant.WeightDecayAt(99, 100), 12);
        Assert.Equal(0.1, constant.EmaDecayAt(0), 12);
        Assert.Equal(0.9999, (constant with { EmaWarmup = false }).EmaDecayAt(0));
    }
}

public sealed class ShippedRunConfigTests
{
    [Theory]
    [InlineData("quickstart-train.json")]
    [InlineData("shapes-reference.json")]
    [InlineData("shapes-reference-uniform.json")]
    public void The_training_run_configs_in_pipelines_are_valid(string file)
    {
        var config = TrainRunConfig.Load(Path.Combine(DataPlatform.Testing.InfraScripts.RepoRoot, "pipelines", file));
        Assert.Equal(Path.GetFullPath(Path.Combine(DataPlatform.Testing.InfraScripts.RepoRoot, ".dp", "quickstart", "lake")), config.Lake);
        Assert.NotNull(config.Model.Resolve(new Core.Validation()));
    }
}
