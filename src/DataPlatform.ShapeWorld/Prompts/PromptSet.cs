using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataPlatform.Core;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Prompts;

/// <summary>
/// A versioned, fixed set of prompts in JSONL (one <see cref="PromptSpec"/> a line). Version 1 ships
/// embedded (Prompts/shapeworld-prompts-v1.jsonl); other files load with line-precise errors.
/// </summary>
public sealed class PromptSet
{
    public const string V1Resource = "shapeworld-prompts-v1.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public PromptSet(string name, IReadOnlyList<PromptSpec> prompts)
    {
        Name = name;
        Prompts = prompts;
    }

    public string Name { get; }

    public IReadOnlyList<PromptSpec> Prompts { get; }

    public PromptSpec? Find(string id) => Prompts.FirstOrDefault(p => p.Id == id);

    public static PromptSet V1()
    {
        using var stream = typeof(PromptSet).Assembly.GetManifestResourceStream(V1Resource)
            ?? throw new InvalidOperationException($"embedded resource {V1Resource} is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse("shapeworld-prompts-v1", reader.ReadToEnd());
    }

    /// <summary>"v1" (the embedded set) or the path of a JSONL prompt file.</summary>
    public static PromptSet Load(string nameOrPath)
    {
        if (nameOrPath is "v1" or "shapeworld-prompts-v1") return V1();
        if (!File.Exists(nameOrPath)) throw new InvalidInputException($"prompt file {nameOrPath} does not exist");
        return Parse(nameOrPath, File.ReadAllText(nameOrPath));
    }

    public static PromptSet Parse(string source, string jsonl)
    {
        var prompts = new List<PromptSpec>();
        var ids = new HashSet<string>();
        var lineNo = 0;
        foreach (var line in jsonl.Split('\n'))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            PromptSpec? spec;
            try
            {
                spec = JsonSerializer.Deserialize<PromptSpec>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidInputException($"{source} line {lineNo}: not a prompt record: {ex.Message}", ex);
            }
            var problem = spec is null ? "empty record" : Check(spec);
            if (problem is not null) throw new InvalidInputException($"{source} line {lineNo}: {problem}");
            if (!ids.Add(spec!.Id)) throw new InvalidInputException($"{source} line {lineNo}: duplicate prompt id '{spec.Id}'");
            prompts.Add(spec);
        }
        if (prompts.Count == 0) throw new InvalidInputException($"{source}: no prompts");
        return new PromptSet(source, prompts);
    }

    public string ToJsonl()
    {
        var text = new StringBuilder();
        foreach (var p in Prompts) text.Append(JsonSerializer.Serialize(p, Json)).Append('\n');
        return text.ToString();
    }

    private static string? Check(PromptSpec p)
    {
        if (string.IsNullOrWhiteSpace(p.Id)) return "id must not be empty";
        if (!PromptTags.All.Contains(p.Tag)) return $"tag must be one of {string.Join(", ", PromptTags.All)}, was '{p.Tag}'";
        if (string.IsNullOrWhiteSpace(p.Prompt)) return "prompt must not be empty";
        if (p.Split is not (PromptSpec.TrainSplit or PromptSpec.HeldOutSplit)) return $"split must be 'train' or 'heldout', was '{p.Split}'";
        if (p.Include is null || p.Include.Count == 0) return "include must list at least one object";
        foreach (var o in p.Include.Concat(p.Exclude ?? []))
        {
            if (ShapeKinds.TryParse(o.Class) is null) return $"class must be a shape name, was '{o.Class}'";
            if (o.Count < 1) return $"count must be at least 1, was {o.Count}";
            if (o.Color is not null && Palette.TryFind(o.Color) is null) return $"color must be a palette colour, was '{o.Color}'";
            if (o.Position is { } pos)
            {
                if (SpatialRelations.TryParseKey(pos.Relation) is null) return $"position.relation must be left_of, right_of, above or below, was '{pos.Relation}'";
                if (pos.Target < 0 || pos.Target >= p.Include.Count) return $"position.target must index include, was {pos.Target}";
            }
        }
        return null;
    }
}
