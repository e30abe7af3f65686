using DataPlatform.Core;
using DataPlatform.Model;
using DataPlatform.Testing;

namespace DataPlatform.Training.Tests.Generation;

[Collection(TinyRunCollection.Name)]
public class TrainedModelLoadTests(TinyRunFixture run)
{
    [Fact]
    public void Load_from_a_checkpoint_folder_reads_its_config_step_and_ema_weights()
    {
        var loaded = TrainedModel.Load(run.Checkpoint);
        Assert.Equal(run.Checkpoint, loaded.Checkpoint);
        Assert.Equal(0, loaded.Step);
        Assert.Equal(run.Config, loaded.Config);
        Assert.Equal(run.Config.PixelsPerToken, loaded.Tokenizer.PixelsPerToken);
        AssertSameWeights(run.Trained.Ema, loaded.Ema);
    }

    [Fact]
    public void Load_onto_a_device_puts_every_ema_weight_there()
    {
        // libtorch's meta device (shapes without data) stands in for a GPU, which the CPU build cannot have
        var loaded = TrainedModel.Load(run.Checkpoint, new TorchSharp.torch.Device(TorchSharp.DeviceType.META));
        Assert.Equal(TorchSharp.DeviceType.META, loaded.Ema.Device.type);
        Assert.All(loaded.Ema.parameters(), p => Assert.Equal(TorchSharp.DeviceType.META, p.device_type));
        Assert.Equal(TorchSharp.DeviceType.CPU, TrainedModel.Load(run.Checkpoint).Ema.Device.type);
    }

    [Fact]
    public void Load_from_a_run_folder_follows_latest_json_to_the_newest_checkpoint()
    {
        using var dir = new TempDirectory();
        var layout = new RunLayout(dir.Combine("run"));
        CopyCheckpoint(run.Checkpoint, layout.Checkpoint(5), step: 5);
        CopyCheckpoint(run.Checkpoint, layout.Checkpoint(9), step: 9);
        layout.SetLatest(9, layout.Checkpoint(9));

        var loaded = TrainedModel.Load(layout.Directory);

        Assert.Equal(layout.Checkpoint(9), loaded.Checkpoint);
        Assert.Equal(9, loaded.Step);
    }

    [Fact]
    public void Load_of_a_folder_that_is_no_run_names_it()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InvalidInputException>(() => TrainedModel.Load(dir.Path));
        Assert.Contains(dir.Path, ex.Message);
    }

    private static void CopyCheckpoint(string from, string to, long step)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(to, TrainerCheckpoint.TrainerFile), $$"""{"step": {{step}}}""");
    }

    private static void AssertSameWeights(DJepaT2I expected, DJepaT2I actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (key, value) in a)
            Assert.True(value.shape.SequenceEqual(b[key].shape) && value.eq(b[key]).all().item<bool>(), $"{key} must load bitwise equal");
    }
}
