namespace DataPlatform.Scheduling.Tests;

/// <summary>Writes pipeline files for tests.</summary>
internal static class PipelineFiles
{
    public static string Write(string folder, string name, string lake, params string[] jobs)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".json");
        File.WriteAllText(path, $$"""
            { "name": "{{name}}", "lake": {{System.Text.Json.JsonSerializer.Serialize(lake)}}, "jobs": [ {{string.Join(",\n", jobs)}} ] }
            """);
        return path;
    }

    public static string Json(string path) => System.Text.Json.JsonSerializer.Serialize(path);
}
