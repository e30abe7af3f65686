using DataPlatform.ShapeWorld.Rendering;
using static TorchSharp.torch;

namespace DataPlatform.Training.Generation;

/// <summary>Decoded images (B, 3, H, W) in [-1, 1] -> 8-bit RGB, clamped; NaN becomes mid-grey rather than undefined bytes.</summary>
public static class TensorImages
{
    public static IReadOnlyList<RgbImage> ToRgb(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3) throw new ArgumentException($"images must be (B, 3, H, W), were ({string.Join(", ", images.shape)})");
        using var scope = NewDisposeScope();
        int b = (int)images.shape[0], h = (int)images.shape[2], w = (int)images.shape[3];
        var bytes = images.detach().to(float32).cpu().nan_to_num(0.0, 1.0, -1.0)  // (B, 3, H, W)
            .add(1).mul(127.5).round().clamp(0, 255).to(uint8)
            .permute(0, 2, 3, 1).contiguous()  // (B, H, W, 3)
            .data<byte>().ToArray();
        int perImage = h * w * 3;
        var result = new RgbImage[b];
        for (int i = 0; i < b; i++) result[i] = new RgbImage(w, h, bytes.AsSpan(i * perImage, perImage).ToArray());
        return result;
    }
}
