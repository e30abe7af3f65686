namespace DataPlatform.ShapeWorld.Scenes;

/// <summary>The four spatial relations captions and prompts state.</summary>
public enum SpatialRelation
{
    LeftOf,
    RightOf,
    Above,
    Below,
}

/// <summary>
/// The one definition of the relations, shared by the generator (which only states relations that
/// hold) and the checker: A is left of B when B's centroid is more than <see cref="Margin"/> to the
/// right of A's; above when B's centroid is more than the margin below A's (y grows downwards).
/// The margin is a fraction of the canvas's shorter side.
/// </summary>
public static class SpatialRelations
{
    /// <summary>Margin as a fraction of min(width, height).</summary>
    public const double MarginFraction = 0.08;

    public static double Margin(int width, int height) => MarginFraction * Math.Min(width, height);

    public static bool Holds(SpatialRelation relation, Point2 a, Point2 b, int width, int height) =>
        Offset(relation, a, b) > Margin(width, height);

    /// <summary>How far (px) A's centroid is from B's in the relation's direction: it holds when this exceeds the margin.</summary>
    public static double Offset(SpatialRelation relation, Point2 a, Point2 b) => relation switch
    {
        SpatialRelation.LeftOf => b.X - a.X,
        SpatialRelation.RightOf => a.X - b.X,
        SpatialRelation.Above => b.Y - a.Y,
        SpatialRelation.Below => a.Y - b.Y,
        _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, "unknown relation"),
    };

    /// <summary>
    /// The relation of A to B along the axis where they are furthest apart, if it holds with the margin:
    /// the one a caption states.
    /// </summary>
    public static SpatialRelation? Dominant(Point2 a, Point2 b, int width, int height)
    {
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        SpatialRelation relation = Math.Abs(dx) >= Math.Abs(dy)
            ? (dx > 0 ? SpatialRelation.LeftOf : SpatialRelation.RightOf)
            : (dy > 0 ? SpatialRelation.Above : SpatialRelation.Below);
        return Holds(relation, a, b, width, height) ? relation : null;
    }

    public static SpatialRelation Inverse(this SpatialRelation relation) => relation switch
    {
        SpatialRelation.LeftOf => SpatialRelation.RightOf,
        SpatialRelation.RightOf => SpatialRelation.LeftOf,
        SpatialRelation.Above => SpatialRelation.Below,
        _ => SpatialRelation.Above,
    };

    /// <summary>Caption words: "left of", "right of", "above", "below".</summary>
    public static string Phrase(this SpatialRelation relation) => relation switch
    {
        SpatialRelation.LeftOf => "left of",
        SpatialRelation.RightOf => "right of",
        SpatialRelation.Above => "above",
        _ => "below",
    };

    public static string Key(this SpatialRelation relation) => relation switch
    {
        SpatialRelation.LeftOf => "left_of",
        SpatialRelation.RightOf => "right_of",
        SpatialRelation.Above => "above",
        _ => "below",
    };

    public static SpatialRelation? TryParseKey(string key) => key switch
    {
        "left_of" => SpatialRelation.LeftOf,
        "right_of" => SpatialRelation.RightOf,
        "above" => SpatialRelation.Above,
        "below" => SpatialRelation.Below,
        _ => null,
    };
}
