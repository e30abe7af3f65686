using System.Text.Json.Serialization;

namespace DataPlatform.Stats;

/// <summary>
/// <c>stats/weights/current.json</c>: names the weights snapshot the <c>sample_weights</c> view reads,
/// and how it was computed.
/// </summary>
public sealed record WeightsManifest
{
    /// <summary><see cref="Source"/> of a snapshot computed by <c>dp weights</c> from statistics alone.</summary>
    public const string StatisticsSource = "dp weights";

    /// <summary><see cref="Source"/> of a snapshot a training run published (statistics x critic).</summary>
    public const string FeedbackSource = "training feedback";

    [JsonPropertyName("version")] public required string Version { get; init; }

    /// <summary>Key of the snapshot relative to the lake root.</summary>
    [JsonPropertyName("key")] public required string Key { get; init; }

    [JsonPropertyName("alpha")] public required double Alpha { get; init; }

    [JsonPropertyName("cap")] public long? Cap { get; init; }

    [JsonPropertyName("floor")] public required double Floor { get; init; }

    [JsonPropertyName("samples")] public required long Samples { get; init; }

    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who computed it: <see cref="StatisticsSource"/> or <see cref="FeedbackSource"/>.</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }
}
