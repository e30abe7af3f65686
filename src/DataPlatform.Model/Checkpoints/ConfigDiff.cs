using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPlatform.Model;

/// <summary>One differing config key: its dotted path ("model.width") and both values as JSON text.</summary>
public sealed record ConfigMismatch(string Key, string Saved, string Expected);

/// <summary>Key-by-key comparison of two model configs through their JSON form.</summary>
public static class ConfigDiff
{
    public static IReadOnlyList<ConfigMismatch> Differences(ModelConfig saved, ModelConfig expected)
    {
        var a = Flatten(JsonSerializer.SerializeToNode(saved, Checkpoint.Json), "model");
        var b = Flatten(JsonSerializer.SerializeToNode(expected, Checkpoint.Json), "model");
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => !a.TryGetValue(k, out var x) || !b.TryGetValue(k, out var y) || x != y)
            .Select(k => new ConfigMismatch(k, a.GetValueOrDefault(k, "(absent)"), b.GetValueOrDefault(k, "(absent)")))
            .ToList();
    }

    private static Dictionary<string, string> Flatten(JsonNode? node, string prefix)
    {
        var result = new Dictionary<string, string>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                    foreach (var kv in Flatten(value, $"{prefix}.{key}")) result[kv.Key] = kv.Value;
                break;
            default:
                result[prefix] = node?.ToJsonString() ?? "null";
                break;
        }
        return result;
    }
}
