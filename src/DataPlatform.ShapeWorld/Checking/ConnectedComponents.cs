namespace DataPlatform.ShapeWorld.Checking;

/// <summary>One connected region of equally labelled pixels: its label and pixel indices (y * width + x).</summary>
public sealed record Component(int Label, int[] Pixels);

/// <summary>8-connected components of non-background labels, found by flood fill.</summary>
public static class ConnectedComponents
{
    public static List<Component> Find(int[] labels, int width, int height)
    {
        var seen = new bool[labels.Length];
        var components = new List<Component>();
        var stack = new Stack<int>();
        var members = new List<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            var label = labels[start];
            if (label == PixelClassifier.Background || seen[start]) continue;
            members.Clear();
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                members.Add(p);
                int x = p % width, y = p / width;
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if (ny < 0 || ny >= height) continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        if (nx < 0 || nx >= width) continue;
                        var q = ny * width + nx;
                        if (seen[q] || labels[q] != label) continue;
                        seen[q] = true;
                        stack.Push(q);
                    }
                }
            }
            components.Add(new Component(label, [.. members]));
        }
        return components;
    }
}
