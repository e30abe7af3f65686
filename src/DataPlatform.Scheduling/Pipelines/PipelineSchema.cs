using System.Text.Json.Nodes;
using Json.Schema;

namespace DataPlatform.Scheduling.Pipelines;

/// <summary>The pipeline JSON Schema (schemas/pipeline.schema.json, embedded) and its error listing.</summary>
internal static class PipelineSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        using var stream = typeof(PipelineSchema).Assembly.GetManifestResourceStream("DataPlatform.Scheduling.pipeline.schema.json")
            ?? throw new InvalidOperationException("pipeline.schema.json is not embedded");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    });

    /// <summary>Every schema violation as <c>$.jobs[1].trigger: message</c>, in document order, without repeats.</summary>
    public static IReadOnlyList<string> Validate(JsonNode document)
    {
        var results = Schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        var errors = new List<string>();
        foreach (var detail in results.Details.Prepend(results))
        {
            if (detail.IsValid || detail.Errors is null || !Counts(detail.EvaluationPath.ToString())) continue;
            var path = JsonPath(detail.InstanceLocation.ToString());
            foreach (var (keyword, message) in detail.Errors)
            {
                var line = $"{path}: {Explain(path, keyword, message)}";
                if (!errors.Contains(line)) errors.Add(line);
            }
        }
        return errors;
    }

    /// <summary>
    /// False for the failures that are not errors of the document: an <c>if</c> that does not apply, and
    /// the branches under a failed <c>oneOf</c> (the <c>oneOf</c> itself is reported).
    /// </summary>
    private static bool Counts(string evaluationPath)
    {
        var segments = evaluationPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] == "if") return false;
            if (segments[i] == "oneOf" && i < segments.Length - 1) return false;
        }
        return true;
    }

    private static string Explain(string path, string keyword, string message) => keyword switch
    {
        "oneOf" when path.EndsWith(".trigger", StringComparison.Ordinal) => "set exactly one of cron or interval_seconds",
        "" when message.Contains("false schema", StringComparison.Ordinal) => "unknown property (not allowed here)",
        _ => $"{message} ({keyword})",
    };

    /// <summary>A JSON Pointer (<c>/jobs/1/kind</c>) as a JSON path (<c>$.jobs[1].kind</c>).</summary>
    public static string JsonPath(string pointer)
    {
        var path = "$";
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path += int.TryParse(segment, out var index) ? $"[{index}]" : $".{segment}";
        }
        return path;
    }
}
