using DataPlatform.Core;
using DataPlatform.ShapeWorld.Scenes;

namespace DataPlatform.ShapeWorld.Synthesis;

/// <summary>
/// Colour + shape combinations that never appear in generated training data, kept for testing
/// compositional generalisation. Written "red:star,cyan:square" (or one "colour:shape" per line in a
/// file). <see cref="Default"/> is the held-out split of the v1 prompt set.
/// </summary>
public sealed class Holdout
{
    private readonly HashSet<(string Colour, ShapeKind Shape)> _pairs;

    public Holdout(IEnumerable<(string Colour, ShapeKind Shape)> pairs)
    {
        _pairs = [.. pairs.Select(p => (p.Colour.ToLowerInvariant(), p.Shape))];
    }

    public static Holdout None { get; } = new([]);

    /// <summary>The held-out pairs of shapeworld-prompts-v1: one per shape, on colours of the tail and the head.</summary>
    public static Holdout Default { get; } = new(
    [
        ("red", ShapeKind.Star),
        ("blue", ShapeKind.Diamond),
        ("green", ShapeKind.Triangle),
        ("yellow", ShapeKind.Square),
        ("purple", ShapeKind.Circle),
    ]);

    public IReadOnlyCollection<(string Colour, ShapeKind Shape)> Pairs => _pairs;

    public bool Contains(string colour, ShapeKind shape) => _pairs.Contains((colour.ToLowerInvariant(), shape));

    /// <summary>
    /// Parses "none", "default", a comma-separated list of colour:shape pairs, or the path of a file
    /// holding one pair per line ('#' starts a comment).
    /// </summary>
    public static Holdout Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var trimmed = spec.Trim();
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase) || trimmed.Length == 0) return None;
        if (trimmed.Equals("default", StringComparison.OrdinalIgnoreCase)) return Default;
        string source;
        IEnumerable<string> items;
        if (File.Exists(trimmed))
        {
            source = trimmed;
            items = File.ReadAllLines(trimmed).Select(line => line.Split('#')[0]);
        }
        else
        {
            source = "holdout spec";
            items = trimmed.Split(',');
        }
        var pairs = new List<(string, ShapeKind)>();
        var errors = new Validation();
        var n = 0;
        foreach (var raw in items)
        {
            n++;
            var item = raw.Trim();
            if (item.Length == 0) continue;
            var parts = item.Split(':', ' ');
            var colour = parts.Length == 2 ? Palette.TryFind(parts[0].Trim()) : null;
            var shape = parts.Length == 2 ? ShapeKinds.TryParse(parts[1].Trim()) : null;
            if (colour is null || shape is null)
            {
                errors.Add($"{source} item {n} must be 'colour:shape' with a palette colour " +
                           $"({string.Join(", ", Palette.Colours.Select(c => c.Name))}) and a shape " +
                           $"({string.Join(", ", ShapeKinds.All.Select(k => k.Name()))}), was '{item}'");
                continue;
            }
            pairs.Add((colour.Name, shape.Value));
        }
        errors.ThrowIfInvalid();
        return new Holdout(pairs);
    }

    public override string ToString() =>
        _pairs.Count == 0 ? "none" : string.Join(",", _pairs.OrderBy(p => p.Colour).ThenBy(p => p.Shape).Select(p => $"{p.Colour}:{p.Shape.Name()}"));
}
