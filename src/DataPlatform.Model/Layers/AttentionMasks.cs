using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Key masks for joint attention over [text (L), image stream (S)].</summary>
public static class AttentionMasks
{
    /// <summary>
    /// textMask (B, L) bool, true = real token -> additive mask (B, 1, 1, L + S): −inf on padded text keys,
    /// 0 elsewhere; null when nothing is padded (lets SDPA pick its fastest kernel).
    /// Every row keeps at least one key (image tokens are never masked), so softmax stays finite.
    /// </summary>
    public static Tensor? TextPadding(Tensor textMask, long imageLength)
    {
        if (textMask.all().item<bool>()) return null;
        var textPart = zeros(textMask.shape, device: textMask.device).masked_fill(textMask.logical_not(), float.NegativeInfinity);  // (B, L)
        var imagePart = zeros(textMask.shape[0], imageLength, device: textMask.device);  // (B, S)
        return cat([textPart, imagePart], 1).view(textMask.shape[0], 1, 1, -1);
    }
}
