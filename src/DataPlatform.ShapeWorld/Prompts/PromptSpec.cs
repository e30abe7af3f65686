using System.Text.Json.Serialization;

namespace DataPlatform.ShapeWorld.Prompts;

/// <summary>The six GenEval task tags, as they appear in prompt files and score reports.</summary>
public static class PromptTags
{
    public const string SingleObject = "single_object";
    public const string TwoObject = "two_object";
    public const string Counting = "counting";
    public const string Colors = "colors";
    public const string Position = "position";
    public const string ColorAttr = "color_attr";

    public static IReadOnlyList<string> All { get; } = [SingleObject, TwoObject, Counting, Colors, Position, ColorAttr];
}

/// <summary>Where an object must be: <c>relation</c> ("left_of", "right_of", "above", "below") of include[<c>target</c>].</summary>
public sealed record PromptPosition(
    [property: JsonPropertyName("relation")] string Relation,
    [property: JsonPropertyName("target")] int Target);

/// <summary>
/// One required (include) or forbidden (exclude) object class, as in GenEval's metadata: include asks
/// for at least <c>count</c> objects of the shape (the <c>count</c> largest of them must have the
/// colour and the position, when given); exclude forbids <c>count</c> or more.
/// </summary>
public sealed record PromptObject(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("color")] string? Color = null,
    [property: JsonPropertyName("position")] PromptPosition? Position = null);

/// <summary>
/// One prompt of a versioned prompt set: id, GenEval tag, text, split ("train" or "heldout": held-out
/// prompts use a colour + shape pair that training data never shows) and the structured expectation.
/// </summary>
public sealed record PromptSpec(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("include")] IReadOnlyList<PromptObject> Include,
    [property: JsonPropertyName("exclude")] IReadOnlyList<PromptObject>? Exclude = null)
{
    public const string TrainSplit = "train";
    public const string HeldOutSplit = "heldout";
}
