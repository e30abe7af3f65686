using DataPlatform.Core;
using DataPlatform.Ingest.Imaging;
using DataPlatform.Ingest.Sources;
using DataPlatform.Testing;
using SixLabors.ImageSharp.PixelFormats;

namespace DataPlatform.Ingest.Tests;

/// <summary>The decoder's output is upright 8-bit RGB whatever the input's orientation, colour model, depth or alpha.</summary>
public sealed class NormalisationTests
{
    private static readonly SafeImageDecoder Decoder = new(new IngestOptions());

    [Fact]
    public void Exif_orientation_6_is_applied_so_the_image_stands_upright()
    {
        // Stored 64 wide x 32 high, left half red; orientation 6 means "rotate 90 degrees clockwise to display".
        using var decoded = Decoder.Decode(TestImages.JpegWithOrientation(64, 32, 6), "rotated.jpg");
        Assert.Equal((32, 64), (decoded.Width, decoded.Height));
        var top = decoded.Pixels[16, 8];
        var bottom = decoded.Pixels[16, 56];
        Assert.True(top.R > 200 && top.B < 60, $"the stored left (red) half is on top after rotation, was {top}");
        Assert.True(bottom.B > 200 && bottom.R < 60, $"the stored right (blue) half is at the bottom, was {bottom}");
    }

    [Fact]
    public void Without_orientation_tag_the_image_is_unchanged()
    {
        using var decoded = Decoder.Decode(TestImages.JpegWithOrientation(64, 32, 1), "upright.jpg");
        Assert.Equal((64, 32), (decoded.Width, decoded.Height));
        Assert.True(decoded.Pixels[8, 16].R > 200);
    }

    [Fact]
    public void Cmyk_jpeg_becomes_rgb_with_the_right_colour()
    {
        using var decoded = Decoder.Decode(TestImages.CmykJpeg(), "cmyk.jpg");
        var p = decoded.Pixels[16, 8];
        Assert.True(p.R > 150 && p.G < 90 && p.B < 90, $"CMYK red (200, 30, 30) must decode reddish, was {p}");
    }

    [Fact]
    public void Sixteen_bit_png_becomes_8_bit_rgb()
    {
        using var decoded = Decoder.Decode(TestImages.Png16(32, 32, 65535, 32896, 0), "deep.png");
        Assert.Equal(new Rgb24(255, 128, 0), decoded.Pixels[5, 5]);
    }

    [Fact]
    public void Grayscale_png_becomes_rgb_with_equal_channels()
    {
        using var decoded = Decoder.Decode(TestImages.GrayPng(32, 32, 77), "grey.png");
        Assert.Equal(new Rgb24(77, 77, 77), decoded.Pixels[3, 3]);
    }

    [Fact]
    public void Transparent_pixels_are_composited_over_white()
    {
        using var decoded = Decoder.Decode(TestImages.TransparentPng(32, 32), "alpha.png");
        Assert.Equal(new Rgb24(255, 255, 255), decoded.Pixels[4, 4]);
        Assert.Equal(new Rgb24(0, 200, 0), decoded.Pixels[28, 4]);
    }

    [Fact]
    public void Pixel_limit_refuses_a_real_image_from_its_header()
    {
        var decoder = new SafeImageDecoder(new IngestOptions { MaxPixels = 1000 });
        var ex = Assert.Throws<ItemRejectedException>(() => decoder.Decode(TestImages.Png(40, 40), "big.png"));
        Assert.Equal(RejectReason.TooManyPixels, ex.Reason);
        Assert.Contains("40x40 = 1600 pixels", ex.Message);
    }

    [Fact]
    public void Gif_frame_counter_reads_the_block_structure()
    {
        Assert.Equal(3, GifFrames.Count(TestImages.AnimatedGif(16, 16, 3)));
        Assert.Equal(1, GifFrames.Count(TestImages.AnimatedGif(16, 16, 1)));
    }
}
