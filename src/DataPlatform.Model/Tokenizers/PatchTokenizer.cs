using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Pixels -> p x p patches, no training: (B, 3, H, W) -> (B, (H/p)(W/p), 3p²).</summary>
public sealed class PatchTokenizer(int patchSize, int channels = 3) : IVisualTokenizer
{
    public int TokenChannels => channels * patchSize * patchSize;

    public int PixelsPerToken => patchSize;

    public TokenGrid Encode(Tensor images) => Patches.Patchify(images, patchSize);

    public Tensor Decode(Tensor tokens, int height, int width) => Patches.Unpatchify(tokens, height, width, patchSize);
}
