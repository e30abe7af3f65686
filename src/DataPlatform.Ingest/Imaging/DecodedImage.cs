using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Ingest.Imaging;

/// <summary>
/// A decoded input, normalised to 8-bit RGB, upright (EXIF orientation applied), alpha composited
/// over white. Owns <see cref="Pixels"/>.
/// </summary>
/// <param name="Format">Detected container format, lower case: <c>jpeg</c>, <c>png</c>, <c>gif</c>...</param>
/// <param name="FramesDropped">Frames beyond the first that the animation policy dropped (0 for stills).</param>
public sealed record DecodedImage(Image<Rgb24> Pixels, string Format, int FramesDropped) : IDisposable
{
    /// <summary>Width after orientation (the size as displayed).</summary>
    public int Width => Pixels.Width;

    public int Height => Pixels.Height;

    public void Dispose() => Pixels.Dispose();
}
