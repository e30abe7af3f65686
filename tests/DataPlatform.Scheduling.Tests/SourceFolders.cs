using DataPlatform.Testing;

namespace DataPlatform.Scheduling.Tests;

/// <summary>Folders of real PNG images with caption sidecars, for ingest jobs.</summary>
internal static class SourceFolders
{
    /// <summary>Writes images <paramref name="first"/> .. first+count-1 (distinct content per index) as <c>img-NNNNN.png</c> + <c>.txt</c>.</summary>
    public static void Write(string folder, int first, int count, int side = 48)
    {
        Directory.CreateDirectory(folder);
        for (var i = first; i < first + count; i++)
        {
            var name = Path.Combine(folder, $"img-{i:D5}");
            File.WriteAllBytes(name + ".png", TinyPng.Noise(new Random(i), side, side));
            File.WriteAllText(name + ".txt", $"a red circle number {i} left of a blue square");
        }
    }
}
