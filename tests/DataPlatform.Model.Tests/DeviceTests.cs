using DataPlatform.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

/// <summary>
/// <see cref="TorchDevices"/> and the parts that follow a model onto its device. The CPU build has no GPU, so the
/// moves are checked with libtorch's meta device (tensors with shapes and no data); it has no kernels for embeddings
/// or normalisation, so a whole forward pass cannot run there.
/// </summary>
[Collection("torch")]
public class DeviceTests
{
    private static readonly Device Meta = new(DeviceType.META);

    [Fact]
    public void Cpu_is_the_cpu_and_auto_takes_a_gpu_only_where_cuda_is_available()
    {
        Assert.Equal(DeviceType.CPU, TorchDevices.Resolve("cpu").type);
        Assert.Equal(cuda_is_available() ? DeviceType.CUDA : DeviceType.CPU, TorchDevices.Resolve("auto").type);
    }

    [Fact]
    public void Asking_for_cuda_without_it_names_what_is_missing_and_the_build_switch()
    {
        if (cuda_is_available())
        {
            Assert.Equal(DeviceType.CUDA, TorchDevices.Resolve("cuda:0").type);
            return;
        }
        foreach (var name in new[] { "cuda", "cuda:0", "cuda:3" })
        {
            var error = Assert.Throws<InvalidInputException>(() => TorchDevices.Resolve(name));
            Assert.StartsWith($"device {name}: CUDA is not available", error.Message);
            Assert.Contains("-p:TorchDevice=cuda", error.Message);
        }
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("CPU")]
    [InlineData("cuda:")]
    [InlineData("cuda:a")]
    [InlineData("cuda:0:1")]
    [InlineData("")]
    public void Other_names_are_refused_with_the_accepted_ones(string name)
    {
        Assert.False(TorchDevices.IsValidName(name));
        var error = Assert.Throws<InvalidInputException>(() => TorchDevices.Resolve(name));
        Assert.Equal($"device must be auto, cpu, cuda or cuda:N, was '{name}'", error.Message);
    }

    [Fact]
    public void A_text_batch_moves_both_tensors_and_stays_itself_where_it_already_is()
    {
        using var scope = NewDisposeScope();
        var batch = new TextBatch(ones([2, 3], dtype: int64), ones([2, 3], dtype: @bool));
        Assert.Same(batch, batch.To(CPU));
        var moved = batch.To(Meta);
        Assert.Equal(DeviceType.META, moved.Ids.device_type);
        Assert.Equal(DeviceType.META, moved.Mask.device_type);
        Assert.True(TorchDevices.IsOn(moved.Ids, Meta));
        Assert.False(TorchDevices.IsOn(moved.Ids, CPU));
    }

    [Fact]
    public void The_EMA_copy_lives_on_its_models_device_without_gradients()
    {
        using var scope = NewDisposeScope();
        var model = TorchFixture.Model();
        Assert.Equal(DeviceType.CPU, model.Device.type);
        model.to(Meta);
        Assert.Equal(DeviceType.META, model.Device.type);

        var ema = Ema.CreateCopy(model);
        Assert.All(ema.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        Assert.All(ema.parameters(), p => Assert.False(p.requires_grad));
        Assert.Null(Record.Exception(() => Ema.Update(ema, model, 0.99)));  // the blend takes libtorch's operators off the CPU
        Assert.All(ema.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
    }

    [Fact]
    public void A_masking_plan_is_drawn_on_the_cpu_and_lands_on_the_device_asked_for()
    {
        using var scope = NewDisposeScope();
        var onCpu = Masking.Plan(3, 16, 0.5, new Generator(4));
        var moved = Masking.Plan(3, 16, 0.5, new Generator(4), Meta);
        Assert.Equal(DeviceType.CPU, onCpu.Order.device_type);
        Assert.All(new[] { moved.Order, moved.MaskedIdx, moved.VisibleIdx }, t => Assert.Equal(DeviceType.META, t.device_type));
        Assert.Equal(onCpu.MaskedCount, moved.MaskedCount);
    }
}
