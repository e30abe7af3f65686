namespace DataPlatform.ShapeWorld.Scenes;

/// <summary>What a scene shows, as the caption states it; also the GenEval-style category of a prompt.</summary>
public enum SceneCategory
{
    /// <summary>One object.</summary>
    Single,

    /// <summary>Two different objects, captioned with a spatial relation or "and".</summary>
    Pair,

    /// <summary>Two to four objects of one kind and colour ("three green triangles").</summary>
    Counting,

    /// <summary>Three or four different objects, listed.</summary>
    Multi,
}

/// <summary>A stated spatial relation: <c>Objects[Subject]</c> is <c>Relation</c> <c>Objects[Object]</c>.</summary>
public sealed record StatedRelation(int Subject, SpatialRelation Relation, int Object);

/// <summary>
/// A rendered scene's ground truth: canvas, background, objects, and the captions that describe it.
/// </summary>
public sealed record Scene(
    int Width,
    int Height,
    string Background,
    IReadOnlyList<SceneObject> Objects,
    SceneCategory Category,
    StatedRelation? Relation,
    string Caption,
    string? EnhancedCaption)
{
    public Rgb BackgroundRgb => Palette.Backgrounds.First(b => b.Name == Background).Rgb;
}
