using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model.Tests;

/// <summary>
/// Shared set-up: one torch thread. The models are tiny, the two cores are shared with other builds, and
/// OpenMP's spin-waiting makes multi-threaded steps several times slower under contention (CALIBRATION.md).
/// </summary>
internal static class TorchFixture
{
    static TorchFixture()
    {
        torch.set_num_threads(1);
    }

    public static void Init() => torch.random.manual_seed(1);

    /// <summary>Tiny preset without dropout, so forward passes are deterministic in train mode too.</summary>
    public static ModelConfig Tiny => ModelPresets.Tiny with { Dropout = 0.0 };

    public static DJepaT2I Model(ModelConfig? config = null, long seed = 1)
    {
        Init();
        torch.random.manual_seed(seed);
        return new DJepaT2I(config ?? Tiny);
    }

    /// <summary>Images (B, 3, H, W) in [-1, 1] with a flat background and a coloured square per image.</summary>
    public static Tensor Images(int batch, int height, int width, long seed = 3)
    {
        var g = new Generator((ulong)seed);
        var images = full([batch, 3, height, width], 0.8f);
        for (int b = 0; b < batch; b++)
        {
            var colour = rand([3, 1, 1], generator: g).mul(2).sub(1);
            int top = (int)(rand([1], generator: g).item<float>() * height / 2), left = (int)(rand([1], generator: g).item<float>() * width / 2);
            images[b, .., top..(top + height / 2), left..(left + width / 2)] = colour.expand(3, height / 2, width / 2);
        }
        return images;
    }

    /// <summary>Same shape and bitwise-equal values.</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static readonly string[] Captions = ["a red square", "a blue circle left of a green triangle", "three yellow stars", "a purple square"];
}
