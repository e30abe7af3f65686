using DataPlatform.Core;

namespace DataPlatform.Model;

/// <summary>
/// Shape of the KL-VAE tokenizer: conv encoder/decoder with one stride-2 stage per entry of
/// <see cref="ChannelMultipliers"/> after the first (downsampling 2^(levels-1)).
/// MAR's KL-16 has 16 latent channels, 16x downsampling, latent scale 0.2325.
/// </summary>
public sealed record VaeConfig
{
    public int ImageChannels { get; init; } = 3;
    public int BaseChannels { get; init; } = 32;
    public IReadOnlyList<int> ChannelMultipliers { get; init; } = [1, 2, 2];
    public int LatentChannels { get; init; } = 4;
    /// <summary>Latents are multiplied by this before patchifying, so tokens have roughly unit variance.</summary>
    public double LatentScale { get; init; } = 1.0;
    /// <summary>Weight of the KL term against the reconstruction term.</summary>
    public double KlWeight { get; init; } = 1e-6;

    public int Downsample => 1 << (ChannelMultipliers.Count - 1);

    internal void Validate(Validation v)
    {
        v.AtLeast("model.vae.base_channels", BaseChannels, 1).AtLeast("model.vae.latent_channels", LatentChannels, 1)
         .AtLeast("model.vae.channel_multipliers.count", ChannelMultipliers.Count, 1)
         .AtLeast("model.vae.latent_scale", LatentScale, 1e-9).AtLeast("model.vae.kl_weight", KlWeight, 0);
        for (int i = 0; i < ChannelMultipliers.Count; i++) v.AtLeast($"model.vae.channel_multipliers[{i}]", ChannelMultipliers[i], 1);
    }

    /// <summary>Structural equality (records compare lists by reference).</summary>
    public bool Equals(VaeConfig? other) => other is not null && ImageChannels == other.ImageChannels
        && BaseChannels == other.BaseChannels && ChannelMultipliers.SequenceEqual(other.ChannelMultipliers)
        && LatentChannels == other.LatentChannels && LatentScale.Equals(other.LatentScale) && KlWeight.Equals(other.KlWeight);

    public override int GetHashCode() => HashCode.Combine(BaseChannels, ChannelMultipliers.Count, LatentChannels, LatentScale);
}
