using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Token ids (B, L) int64 and their mask (B, L) bool, true = real token, false = padding.</summary>
public sealed record TextBatch(Tensor Ids, Tensor Mask)
{
    /// <summary>This batch on the device (itself when it is there already).</summary>
    public TextBatch To(Device device) => TorchDevices.IsOn(Ids, device) && TorchDevices.IsOn(Mask, device) ? this : new(Ids.to(device), Mask.to(device));
}

/// <summary>Captions -> text tokens for the backbone. Text length is capped (paper: 256 tokens).</summary>
public interface ITextEncoder
{
    /// <summary>Dt: width of the text features.</summary>
    long Width { get; }

    /// <summary>Id that pads short captions (its mask entries are false).</summary>
    long PadId { get; }

    /// <summary>Captions -> ids and mask, padded to the longest caption, each cut to maxTokens.</summary>
    TextBatch Tokenize(IReadOnlyList<string> captions, int maxTokens);

    /// <summary>The null caption used for caption dropout and classifier-free guidance, batch rows of length 1.</summary>
    TextBatch NullCaption(long batch);

    /// <summary>ids (B, L), mask (B, L) -> features (B, L, Dt).</summary>
    Tensor Encode(Tensor ids, Tensor mask);
}

/// <summary>Padding and masking shared by the text encoders.</summary>
public static class TextBatches
{
    /// <summary>Token id lists -> (B, L) ids padded with padId and the (B, L) mask.</summary>
    public static TextBatch Pad(IReadOnlyList<IReadOnlyList<int>> rows, long padId)
    {
        int l = Math.Max(1, rows.Max(r => r.Count));
        var ids = new long[rows.Count * l];
        var mask = new bool[rows.Count * l];
        for (int b = 0; b < rows.Count; b++)
            for (int i = 0; i < l; i++)
            {
                bool real = i < rows[b].Count;
                ids[b * l + i] = real ? rows[b][i] : padId;
                mask[b * l + i] = real;
            }
        return new TextBatch(tensor(ids, [rows.Count, l]), tensor(mask, [rows.Count, l]));
    }

    /// <summary>Pads two batches to a common length and stacks them: (B1 + B2, max(L1, L2)).</summary>
    public static TextBatch Concat(TextBatch a, TextBatch b, long padId)
    {
        long l = Math.Max(a.Ids.shape[1], b.Ids.shape[1]);
        Tensor PadIds(Tensor t) => nn.functional.pad(t, [0, l - t.shape[1]], value: padId);
        Tensor PadMask(Tensor t) => nn.functional.pad(t.to(int64), [0, l - t.shape[1]], value: 0).to(@bool);
        return new TextBatch(cat([PadIds(a.Ids), PadIds(b.Ids)], 0), cat([PadMask(a.Mask), PadMask(b.Mask)], 0));
    }
}
