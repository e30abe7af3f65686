using System.Reflection;
using System.Text.RegularExpressions;

namespace DataPlatform.Stats;

/// <summary>
/// The SQL files of <c>schemas/sql/</c>, embedded in this assembly: view definitions
/// (<c>*.sql</c>, run in name order at session start) and computations (<c>compute/*.sql</c>).
/// Files use <c>{{name}}</c> placeholders for what only the session knows (the committed file
/// lists); an unknown or missing placeholder is a bug and throws.
/// </summary>
public static partial class SqlCatalog
{
    private const string ViewPrefix = "sql/views/";
    private const string ComputePrefix = "sql/compute/";

    /// <summary>The view files in the order they run: (file name, SQL text).</summary>
    public static IReadOnlyList<(string Name, string Sql)> Views { get; } = Load(ViewPrefix);

    public static string Compute(string name) =>
        Load(ComputePrefix).FirstOrDefault(f => f.Name == name + ".sql").Sql
        ?? throw new InvalidOperationException($"no embedded compute SQL named {name}.sql");

    public static string Fill(string name, string sql, IReadOnlyDictionary<string, string> values)
    {
        return Placeholder().Replace(sql, m =>
            values.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new InvalidOperationException($"{name}: no value for placeholder {{{{{m.Groups[1].Value}}}}}"));
    }

    private static IReadOnlyList<(string Name, string Sql)> Load(string prefix)
    {
        var assembly = typeof(SqlCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("\\{\\{([a-z_]+)\\}\\}")]
    private static partial Regex Placeholder();
}
