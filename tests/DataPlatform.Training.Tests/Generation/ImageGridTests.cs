using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.Testing;
using DataPlatform.Training.Generation;

namespace DataPlatform.Training.Tests.Generation;

public class ImageGridTests
{
    private static RgbImage Flat(int width, int height, byte value) => new(width, height, Enumerable.Repeat(value, width * height * 3).ToArray());

    [Fact]
    public void Grid_has_columns_times_cells_plus_gutters_and_places_each_image_in_its_cell()
    {
        var images = Enumerable.Range(0, 5).Select(i => Flat(8, 6, (byte)(10 * (i + 1)))).ToList();

        var grid = ImageGrid.Compose(images, columns: 3, gutter: 2);

        Assert.Equal(3 * 8 + 4 * 2, grid.Width);
        Assert.Equal(2 * 6 + 3 * 2, grid.Height);
        byte At(int x, int y) => grid.Pixels[(y * grid.Width + x) * 3];
        Assert.Equal(ImageGrid.GutterGrey, At(0, 0));
        Assert.Equal(10, At(2, 2));  // image 0: top-left cell
        Assert.Equal(30, At(2 + 2 * 10, 2));  // image 2: third column
        Assert.Equal(40, At(2, 2 + 8 + 5));  // image 3: second row, its bottom row
        Assert.Equal(ImageGrid.GutterGrey, At(2 + 2 * 10, 2 + 8));  // the empty sixth cell stays grey
    }

    [Fact]
    public void Fewer_images_than_columns_give_one_row_as_wide_as_the_images()
    {
        var grid = ImageGrid.Compose([Flat(4, 4, 0), Flat(4, 4, 0)], columns: 8, gutter: 1);
        Assert.Equal((2 * 4 + 3, 4 + 2), (grid.Width, grid.Height));
    }

    [Fact]
    public void Written_grid_decodes_back_to_the_same_pixels()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("nested", "grid.png");
        var grid = ImageGrid.Write(path, [Flat(4, 4, 200), Flat(4, 4, 50), Flat(4, 4, 90)], columns: 2);

        var back = PngCodec.Decode(path);

        Assert.Equal((grid.Width, grid.Height), (back.Width, back.Height));
        Assert.Equal(grid.Pixels, back.Pixels);
    }

    [Fact]
    public void An_empty_image_list_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ImageGrid.Compose([], columns: 2));
    }
}
