using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>A token grid: h x w tokens of C values, row-major (B, N = h·w, C).</summary>
public sealed record TokenGrid(Tensor Tokens, int Height, int Width);

/// <summary>Pixels (B, 3, H, W) in [-1, 1] <-> visual tokens on an h x w grid (h = H / PixelsPerToken).</summary>
public interface IVisualTokenizer
{
    /// <summary>C: values per token.</summary>
    int TokenChannels { get; }

    /// <summary>Pixels per token side; image sides must be multiples of it.</summary>
    int PixelsPerToken { get; }

    /// <summary>images (B, 3, H, W) -> tokens (B, h·w, C).</summary>
    TokenGrid Encode(Tensor images);

    /// <summary>tokens (B, h·w, C) -> images (B, 3, h·p, w·p).</summary>
    Tensor Decode(Tensor tokens, int height, int width);
}

/// <summary>Patchify / unpatchify between a (B, C', H', W') map and (B, (H'/p)(W'/p), C'·p²) tokens.</summary>
public static class Patches
{
    public static TokenGrid Patchify(Tensor map, int p)
    {
        long b = map.shape[0], c = map.shape[1], hh = map.shape[2], ww = map.shape[3];
        if (hh % p != 0 || ww % p != 0) throw new ArgumentException($"image {hh}x{ww} is not a multiple of the token size {p}");
        int h = (int)(hh / p), w = (int)(ww / p);
        var tokens = map.view(b, c, h, p, w, p).permute(0, 2, 4, 1, 3, 5).reshape(b, (long)h * w, c * p * p);  // (B, h·w, C'·p²)
        return new TokenGrid(tokens, h, w);
    }

    public static Tensor Unpatchify(Tensor tokens, int h, int w, int p)
    {
        long b = tokens.shape[0], c = tokens.shape[2] / (p * p);
        if (tokens.shape[1] != (long)h * w) throw new ArgumentException($"{tokens.shape[1]} tokens do not form a {h}x{w} grid");
        return tokens.view(b, h, w, c, p, p).permute(0, 3, 1, 4, 2, 5).reshape(b, c, (long)h * p, (long)w * p);  // (B, C', H', W')
    }
}
