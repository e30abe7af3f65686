using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.Training.Evaluation;

/// <summary>
/// The weakest sign that a text-to-image model learned something: on single-object colour prompts ("a red circle"),
/// is the largest object the checker finds in the image of the prompted colour? Shape is ignored. Chance is one in
/// the palette size (a model that paints a random palette colour), so the share is compared with 1 / palette size.
/// </summary>
public static class ColourBinding
{
    public static double Chance => 1.0 / Palette.Colours.Count;

    /// <summary>Share of the colour-task images in an evaluation folder whose largest object has the prompted colour.</summary>
    public static (double Share, int Images) Measure(string folder, PromptSet prompts, SceneChecker checker)
    {
        int hits = 0, total = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.png").Order(StringComparer.Ordinal))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var id = stem.Contains('_') ? stem[..stem.LastIndexOf('_')] : stem;
            var prompt = prompts.Find(id);
            if (prompt is null || prompt.Tag != PromptTags.Colors || prompt.Include.Count != 1 || prompt.Include[0].Color is null) continue;
            var found = checker.Detect(PngCodec.Decode(file));
            total++;
            if (found.Count > 0 && found.MaxBy(o => o.Pixels)!.Colour == prompt.Include[0].Color) hits++;
        }
        return (total == 0 ? 0 : (double)hits / total, total);
    }
}
