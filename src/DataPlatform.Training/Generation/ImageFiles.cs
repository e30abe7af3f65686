using DataPlatform.ShapeWorld.Rendering;

namespace DataPlatform.Training.Generation;

/// <summary>Writes generated images as PNG: the folder is created, and the file appears whole (temporary name + rename).</summary>
public static class ImageFiles
{
    public static void WritePng(string path, RgbImage image)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temp, PngCodec.Encode(image));
        File.Move(temp, full, overwrite: true);
    }
}
