using System.Globalization;
using DataPlatform.Core;
using DataPlatform.Model;

namespace DataPlatform.Training.Generation;

/// <summary>A pixel size WIDTHxHEIGHT, as the command line writes it ("48x32").</summary>
public sealed record ImageSize(int Width, int Height)
{
    /// <summary>"48x32" (or "48X32") -> 48 wide, 32 high; anything else fails naming the text.</summary>
    public static ImageSize Parse(string text, string field = "size")
    {
        var parts = text.Trim().ToLowerInvariant().Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            return new ImageSize(w, h);
        }
        throw new ConfigException([$"{field} must be WIDTHxHEIGHT such as 32x32, was '{text}'"]);
    }

    /// <summary>The square size of a model's training grid: base grid side x pixels per token.</summary>
    public static ImageSize Training(ModelConfig config) =>
        new(config.BaseGridSide * config.PixelsPerToken, config.BaseGridSide * config.PixelsPerToken);

    public override string ToString() => $"{Width}x{Height}";
}
