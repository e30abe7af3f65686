using DataPlatform.Core;
using DataPlatform.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class CheckpointTests
{
    private static Dictionary<string, nn.Module> Modules(DJepaT2I model) => new() { ["model"] = model };

    [Fact]
    public void Save_then_load_gives_identical_outputs()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        var config = TorchFixture.Tiny;
        var saved = TorchFixture.Model(config, seed: 1);
        using (no_grad())
            foreach (var p in saved.parameters()) p.add_(randn_like(p).mul(0.05));  // leave the zero-initialised head state
        var path = dir.Combine("ckpt");
        Checkpoint.Save(path, config, Modules(saved));
        Checkpoint.Save(path, config, Modules(saved));  // overwriting an existing checkpoint is atomic too
        Assert.Single(Directory.GetDirectories(dir.Path));

        var loaded = TorchFixture.Model(config, seed: 2);
        var text = saved.TextEncoder.Tokenize(TorchFixture.Captions[..2], 256);
        var options = new GenerationOptions { Steps = 3, Token = new TokenSampling(Steps: 2), Seed = 5 };
        var before = Sampler.Generate(loaded, text, 4, 4, options).Grid.Tokens;
        Checkpoint.Load(path, config, Modules(loaded));
        var expected = Sampler.Generate(saved, text, 4, 4, options).Grid.Tokens;
        var actual = Sampler.Generate(loaded, text, 4, 4, options).Grid.Tokens;
        Assert.False(TorchFixture.Same(before, expected), "a differently initialised model must differ before loading");
        Assert.True(TorchFixture.Same(expected, actual));
        Assert.Equal(config, Checkpoint.ReadConfig(path));
    }

    [Fact]
    public void A_checkpoint_of_another_format_version_is_refused_naming_both_versions()
    {
        using var dir = new TempDirectory();
        var config = TorchFixture.Tiny;
        var path = dir.Combine("ckpt");
        Checkpoint.Save(path, config, Modules(TorchFixture.Model(config)));
        var file = Path.Combine(path, Checkpoint.ConfigFile);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(Checkpoint.FormatVersion, json["format_version"]!.GetValue<int>());
        json["format_version"] = 999;
        File.WriteAllText(file, json.ToJsonString());

        var error = Assert.Throws<InvalidInputException>(() => Checkpoint.Load(path, config, Modules(TorchFixture.Model(config))));
        Assert.Equal($"{file}: checkpoint format version 999, this build reads {Checkpoint.FormatVersion}", error.Message);
    }

    [Fact]
    public void Loading_with_a_different_config_fails_naming_the_mismatched_keys()
    {
        using var dir = new TempDirectory();
        var config = TorchFixture.Tiny;
        Checkpoint.Save(dir.Combine("ckpt"), config, Modules(TorchFixture.Model(config)));
        var other = config with { Width = 32, Position = PositionKind.IntegerRope };
        var error = Assert.Throws<InvalidInputException>(() => Checkpoint.Load(dir.Combine("ckpt"), other, Modules(TorchFixture.Model(other))));
        Assert.Contains("model.width is 64 in the checkpoint, 32 expected", error.Message);
        Assert.Contains("model.position", error.Message);
        Assert.DoesNotContain("model.heads", error.Message);
    }

    [Fact]
    public void Weights_of_the_wrong_shape_are_refused_before_anything_is_copied()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        var small = TorchFixture.Tiny with { HeadWidth = 32 };
        Checkpoint.Save(dir.Combine("ckpt"), small, Modules(TorchFixture.Model(small)));
        var target = TorchFixture.Model();
        var before = target.parameters().Select(p => p.detach().clone()).ToList();
        var error = Assert.Throws<InvalidInputException>(() => StateDicts.LoadChecked(target,
            TorchSharp.PyBridge.Safetensors.LoadStateDict(dir.Combine("ckpt", "model.safetensors")), "model.safetensors"));
        Assert.Contains("token_head.net.input_proj.weight has shape [32, 48], model expects [64, 48]", error.Message);
        Assert.All(target.parameters().Zip(before), pair => Assert.True(TorchFixture.Same(pair.First, pair.Second)));
    }
}
