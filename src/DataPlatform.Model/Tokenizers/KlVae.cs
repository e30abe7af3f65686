using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Trainable KL-VAE tokenizer: conv encoder -> (mean, log-variance) of a latent map downsampled by
/// 2^(levels−1); conv decoder back to pixels. Tokens are the latent mean × latent scale, patchified.
/// Loss = reconstruction MSE + kl_weight · KL(q(z|x) || N(0, I)). Letters: B batch, Z latent channels, f downsampling.
/// </summary>
public sealed class KlVae : nn.Module, IVisualTokenizer
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly VaeConfig config;
    private readonly int patchSize;

    // oneDNN's backward convolution is wrong on some CPUs (TorchRuntime.DisableOneDnn): off before the first layer.
    static KlVae() => TorchRuntime.DisableOneDnn();

    public KlVae(VaeConfig config, int patchSize = 1) : base(nameof(KlVae))
    {
        this.config = config;
        this.patchSize = patchSize;
        var ch = config.ChannelMultipliers.Select(m => (long)m * config.BaseChannels).ToArray();
        var enc = new List<nn.Module<Tensor, Tensor>> { nn.Conv2d(config.ImageChannels, ch[0], 3, padding: 1), nn.SiLU() };
        for (int i = 1; i < ch.Length; i++)
            enc.AddRange([nn.Conv2d(ch[i - 1], ch[i], 3, stride: 2, padding: 1), nn.SiLU(), nn.Conv2d(ch[i], ch[i], 3, padding: 1), nn.SiLU()]);
        enc.Add(nn.Conv2d(ch[^1], 2L * config.LatentChannels, 3, padding: 1));
        encoder = nn.Sequential(enc);
        var dec = new List<nn.Module<Tensor, Tensor>> { nn.Conv2d(config.LatentChannels, ch[^1], 3, padding: 1), nn.SiLU() };
        for (int i = ch.Length - 1; i >= 1; i--)
            dec.AddRange([nn.Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest), nn.Conv2d(ch[i], ch[i - 1], 3, padding: 1), nn.SiLU(),
                nn.Conv2d(ch[i - 1], ch[i - 1], 3, padding: 1), nn.SiLU()]);
        dec.Add(nn.Conv2d(ch[0], config.ImageChannels, 3, padding: 1));
        decoder = nn.Sequential(dec);
        RegisterComponents();
    }

    public int TokenChannels => config.LatentChannels * patchSize * patchSize;

    public int PixelsPerToken => config.Downsample * patchSize;

    /// <summary>images (B, 3, H, W) -> mean, log-variance (B, Z, H/f, W/f).</summary>
    public (Tensor mean, Tensor logVar) Moments(Tensor images)
    {
        var moments = encoder.call(images).chunk(2, 1);
        return (moments[0], moments[1].clamp(-30, 20));
    }

    /// <summary>latent (B, Z, H/f, W/f) -> images (B, 3, H, W).</summary>
    public Tensor DecodeLatent(Tensor latent) => decoder.call(latent);

    public TokenGrid Encode(Tensor images)
    {
        if (images.shape[2] % PixelsPerToken != 0 || images.shape[3] % PixelsPerToken != 0)
            throw new ArgumentException($"image {images.shape[2]}x{images.shape[3]} is not a multiple of the token size {PixelsPerToken}");
        return Patches.Patchify(Moments(images).mean.mul(config.LatentScale), patchSize);
    }

    public Tensor Decode(Tensor tokens, int height, int width) =>
        DecodeLatent(Patches.Unpatchify(tokens, height, width, patchSize).div(config.LatentScale));

    /// <summary>images (B, 3, H, W) -> per-sample reconstruction MSE (B) and KL per latent element (B).</summary>
    public (Tensor reconstruction, Tensor kl) Losses(Tensor images, Generator gen)
    {
        var (mean, logVar) = Moments(images);
        var latent = mean.add(logVar.mul(0.5).exp().mul(randn(mean.shape, generator: gen).to(mean.device)));  // (B, Z, H/f, W/f)
        var reconstruction = DecodeLatent(latent).sub(images).pow(2).mean([1, 2, 3]);  // (B)
        var kl = mean.pow(2).add(logVar.exp()).sub(1).sub(logVar).mul(0.5).mean([1, 2, 3]);  // (B)
        return (reconstruction, kl);
    }

    internal double KlWeight => config.KlWeight;
}
