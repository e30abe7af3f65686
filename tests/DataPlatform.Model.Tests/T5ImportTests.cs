using DataPlatform.Core;
using DataPlatform.Testing;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

public class T5ImportTests
{
    [Fact]
    public void T5_parameter_names_match_hugging_face_checkpoints()
    {
        var names = new T5Encoder(T5Config.Tiny).state_dict().Keys.ToHashSet();
        Assert.Contains("shared.weight", names);
        Assert.Contains("encoder.block.0.layer.0.SelfAttention.q.weight", names);
        Assert.Contains("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", names);
        Assert.DoesNotContain("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight", names);
        Assert.Contains("encoder.block.1.layer.0.layer_norm.weight", names);
        Assert.Contains("encoder.block.1.layer.1.DenseReluDense.wi_0.weight", names);
        Assert.Contains("encoder.block.1.layer.1.DenseReluDense.wi_1.weight", names);
        Assert.Contains("encoder.block.1.layer.1.DenseReluDense.wo.weight", names);
        Assert.Contains("encoder.final_layer_norm.weight", names);
        Assert.Contains("encoder.block.0.layer.1.DenseReluDense.wi.weight", new T5Encoder(T5Config.Tiny with { GatedGelu = false }).state_dict().Keys);
    }

    [Fact]
    public void Random_t5_written_to_safetensors_imports_with_identical_outputs()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        TorchFixture.Init();
        var source = new T5Encoder(T5Config.Tiny);
        source.eval();
        // write it the way Hugging Face does: the tied embedding under both names, plus decoder weights to ignore
        var weights = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        weights["encoder.embed_tokens.weight"] = weights["shared.weight"];
        weights["decoder.final_layer_norm.weight"] = ones(T5Config.Tiny.DModel);
        var path = dir.Combine("model.safetensors");
        Safetensors.SaveStateDict(path, weights);

        torch.random.manual_seed(99);
        var imported = new T5Encoder(T5Config.Tiny);
        imported.eval();
        var ids = tensor(new long[] { 13, 7, 99, 1, 0, 0, 42, 5, 1, 0, 0, 0 }, [2, 6]);
        var mask = ids.ne(0);
        mask[0, 3] = true;  // EOS is a real token
        Assert.False(imported.Encode(ids, mask).allclose(source.Encode(ids, mask)));
        imported.ImportSafetensors(path);
        Assert.True(TorchFixture.Same(imported.Encode(ids, mask), source.Encode(ids, mask)));
    }

    [Fact]
    public void T5_import_of_a_differently_shaped_checkpoint_names_the_keys()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("t5.safetensors");
        new T5Encoder(T5Config.Tiny with { NumLayers = 3 }).save_safetensors(path);
        var error = Assert.Throws<InvalidInputException>(() => new T5Encoder(T5Config.Tiny).ImportSafetensors(path));
        Assert.Contains("unexpected key encoder.block.2.layer.0.SelfAttention.q.weight", error.Message);
    }

    [Fact]
    public void Relative_position_buckets_follow_t5()
    {
        // values from HF T5's _relative_position_bucket(bidirectional, 32 buckets, max distance 128)
        var buckets = T5Attention.Buckets(200, 32, 128);
        long At(int q, int k) => buckets[q * 200 + k];
        Assert.Equal(0, At(0, 0));
        Assert.Equal(17, At(0, 1));   // +1: 16 + 1
        Assert.Equal(1, At(1, 0));    // -1
        Assert.Equal(7, At(7, 0));    // exact range ends at 8
        Assert.Equal(8, At(8, 0));    // log range starts: 8 + floor(log(1)/log(16)·8) = 8
        Assert.Equal(12, At(32, 0));  // 8 + floor(log(4)/log(16)·8) = 8 + 4
        Assert.Equal(15, At(199, 0)); // clipped at 15
        Assert.Equal(31, At(0, 199));
    }
}
