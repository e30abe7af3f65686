using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Synthesis;
using DataPlatform.Testing;

namespace DataPlatform.ShapeWorld.Tests;

public sealed class PngWriterTests
{
    [Theory]
    [InlineData(32, 32)]
    [InlineData(16, 64)]
    [InlineData(97, 31)]
    public void ImageSharp_reads_written_pngs_back_pixel_for_pixel(int width, int height)
    {
        using var dir = new TempDirectory();
        var sampler = new SceneSampler(new SynthOptions { Width = width, Height = height, Seed = 8 });
        for (var i = 0; i < 20; i++)
        {
            var image = RgbImage.Of(sampler.Sample(i));
            var path = dir.Combine($"{i}.png");
            File.WriteAllBytes(path, PngWriter.Encode(image));
            var decoded = PngCodec.Decode(path);
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
            Assert.Equal(image.Pixels, decoded.Pixels);
            // The reference encoder agrees on the pixels too.
            File.WriteAllBytes(path, PngCodec.EncodeWithImageSharp(image));
            Assert.Equal(image.Pixels, PngCodec.Decode(path).Pixels);
        }
    }

    [Fact]
    public void Noise_pixels_survive_the_sub_filter_round_trip()
    {
        using var dir = new TempDirectory();
        var random = new SceneRandom(3);
        var pixels = new byte[23 * 17 * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)random.Next(256);
        var path = dir.Combine("noise.png");
        File.WriteAllBytes(path, PngWriter.Encode(new RgbImage(23, 17, pixels)));
        Assert.Equal(pixels, PngCodec.Decode(path).Pixels);
    }
}
