using System.Text.Json.Serialization;

namespace DataPlatform.Curation;

/// <summary>
/// What a checkpoint needs to continue the identical stream: the next step, the seed and sharding, and the exact
/// commits of the index (with its fingerprint). The weights themselves are saved beside it
/// (<see cref="SamplingWeights.Save"/>), since critic weights exist only in the run.
/// </summary>
public sealed record StreamState(
    [property: JsonPropertyName("next_step")] long NextStep,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("world_size")] int WorldSize,
    [property: JsonPropertyName("weights_version")] string WeightsVersion,
    [property: JsonPropertyName("index_fingerprint")] string IndexFingerprint,
    [property: JsonPropertyName("commits")] IReadOnlyList<string> Commits);
