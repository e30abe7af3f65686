using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Core;
using Quartz;

namespace DataPlatform.Scheduling.Pipelines;

/// <summary>
/// Reads a pipeline file: JSON Schema validation, then the semantic checks the schema cannot make (cron
/// syntax by Quartz's parser, known job kinds, unique job names, known time zones). All errors are
/// collected and thrown at once as a <see cref="ConfigException"/>, each naming the file and JSON path.
/// </summary>
public static class PipelineLoader
{
    public static readonly IReadOnlyList<string> KindNames = ["ingest", "stats", "weights", "vacuum", "train"];

    public static PipelineDefinition Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"pipeline file '{path}' does not exist");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Every pipeline of a folder, in name order: the <c>*.json</c> files with a top-level <c>jobs</c>
    /// member (the folder also holds training run configs, which are not pipelines). Errors of
    /// all files are reported together.
    /// </summary>
    public static IReadOnlyList<PipelineDefinition> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new InvalidInputException($"pipelines folder '{folder}' does not exist");
        var pipelines = new List<PipelineDefinition>();
        var errors = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (!LooksLikePipeline(file)) continue;
            try { pipelines.Add(Load(file)); }
            catch (ConfigException ex) { errors.AddRange(ex.Errors); }
        }
        foreach (var dup in pipelines.GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            errors.Add($"{folder}: pipeline name '{dup.Key}' is used by {string.Join(", ", dup.Select(p => Path.GetFileName(p.FilePath)))}");
        }
        if (errors.Count > 0) throw new ConfigException(errors);
        if (pipelines.Count == 0) throw new ConfigException([$"{folder}: no *.json pipeline files"]);
        return pipelines;
    }

    private static bool LooksLikePipeline(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
                is JsonObject o && o.ContainsKey("jobs");
        }
        catch (JsonException)
        {
            return true; // reported by Load with its position
        }
    }

    public static PipelineDefinition Parse(string json, string path)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ConfigException([$"{path}: not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}"]);
        }
        if (document is null) throw new ConfigException([$"{path}: $: must be an object, was null"]);

        var errors = PipelineSchema.Validate(document).Select(e => $"{path}: {e}").ToList();
        errors.AddRange(SemanticErrors(document).Select(e => $"{path}: {e}"));
        if (errors.Count > 0) throw new ConfigException(errors);
        return Build(document.AsObject(), path);
    }

    private static IEnumerable<string> SemanticErrors(JsonNode document)
    {
        if (document["jobs"] is not JsonArray jobs) yield break;
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i] is not JsonObject job) continue;
            if (Text(job["kind"]) is { } kind && !KindNames.Contains(kind))
            {
                yield return $"$.jobs[{i}].kind: unknown job kind '{kind}'; known kinds: {string.Join(", ", KindNames)}";
            }
            if (job["trigger"] is JsonObject trigger)
            {
                if (Text(trigger["cron"]) is { } cron && CronProblem(cron) is { } problem)
                {
                    yield return $"$.jobs[{i}].trigger.cron: '{cron}' is not a valid Quartz cron expression ({problem}); " +
                                 "expected 'seconds minutes hours day-of-month month day-of-week [year]', e.g. '0 0/15 * * * ?'";
                }
                if (Text(trigger["time_zone"]) is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                {
                    yield return $"$.jobs[{i}].trigger.time_zone: unknown time zone '{zone}'";
                }
            }
            if (Text(job["name"]) is { } name)
            {
                if (names.TryGetValue(name, out var first)) yield return $"$.jobs[{i}].name: duplicate job name '{name}' (also $.jobs[{first}].name)";
                else names[name] = i;
            }
        }
    }

    /// <summary>Quartz's parser's message for an invalid cron expression; null when it parses.</summary>
    private static string? CronProblem(string cron)
    {
        try
        {
            CronExpression.Parse(cron);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private static PipelineDefinition Build(JsonObject root, string path)
    {
        var jobs = root["jobs"]!.AsArray().Select(node =>
        {
            var job = node!.AsObject();
            var trigger = job["trigger"]!.AsObject();
            var interval = trigger["interval_seconds"]?.GetValue<long>();
            return new JobDefinition(
                Name: Text(job["name"])!,
                Kind: Enum.Parse<JobKind>(Text(job["kind"])!, ignoreCase: true),
                Trigger: new TriggerDefinition(
                    Text(trigger["cron"]),
                    Text(trigger["time_zone"]) ?? "UTC",
                    interval is null ? null : TimeSpan.FromSeconds(interval.Value),
                    TimeSpan.FromSeconds(trigger["start_delay_seconds"]?.GetValue<long>() ?? 0)),
                Misfire: Text(job["misfire"]) switch
                {
                    "skip" => MisfirePolicy.Skip,
                    "ignore" => MisfirePolicy.Ignore,
                    _ => MisfirePolicy.FireNow,
                },
                DisallowConcurrent: job["disallow_concurrent"]?.GetValue<bool>() ?? true,
                Options: job["options"]?.DeepClone().AsObject() ?? []);
        }).ToList();
        return new PipelineDefinition(Text(root["name"])!, Text(root["lake"])!, jobs, path);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
