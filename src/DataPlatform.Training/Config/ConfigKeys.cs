using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Core;

namespace DataPlatform.Training;

/// <summary>Finds keys of a JSON object that no property of the target record maps to, recursively, so a typo is an error, not a silent default.</summary>
internal static class ConfigKeys
{
    public static void CheckUnknown(JsonObject node, Type type, string path, Validation v, JsonSerializerOptions json, IReadOnlySet<string>? extra = null)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => json.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name, p => p);
        foreach (var (key, value) in node)
        {
            var where = path.Length == 0 ? key : $"{path}.{key}";
            if (properties.TryGetValue(key, out var property))
            {
                var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (value is JsonObject child && target.IsClass && target != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(target))
                    CheckUnknown(child, target, where, v, json, NestedExtra(target));
            }
            else if (extra is null || !extra.Contains(key))
            {
                v.Add($"{where} is not a known setting (known: {string.Join(", ", properties.Keys.Concat(extra ?? new HashSet<string>()).Order())})");
            }
        }
    }

    private static IReadOnlySet<string>? NestedExtra(Type type) => type == typeof(ModelSection) ? ModelSection.OverrideKeys : null;
}
