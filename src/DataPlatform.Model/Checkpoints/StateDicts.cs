using DataPlatform.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Loading weights with evidence: every missing, unexpected or mis-shaped key is named before anything is copied.</summary>
public static class StateDicts
{
    /// <summary>
    /// Checks names and shapes of <paramref name="loaded"/> against the module, then loads. A shape mismatch
    /// would throw half-way and leave the module partly loaded (STACK-NOTES T6), so nothing is copied unless all match.
    /// </summary>
    public static void LoadChecked(nn.Module module, IReadOnlyDictionary<string, Tensor> loaded, string source)
    {
        var expected = module.state_dict();
        var problems = new List<string>();
        foreach (var (key, tensorValue) in expected)
        {
            if (!loaded.TryGetValue(key, out var value)) problems.Add($"missing key {key}");
            else if (!value.shape.SequenceEqual(tensorValue.shape))
                problems.Add($"{key} has shape [{string.Join(", ", value.shape)}], model expects [{string.Join(", ", tensorValue.shape)}]");
        }
        foreach (var key in loaded.Keys.Where(k => !expected.ContainsKey(k))) problems.Add($"unexpected key {key}");
        if (problems.Count > 0)
            throw new InvalidInputException($"{source}: weights do not fit the model ({problems.Count} problems): " +
                string.Join("; ", problems.Take(20)) + (problems.Count > 20 ? "; ..." : ""));
        var dict = loaded.ToDictionary(kv => kv.Key, kv => kv.Value);
        module.load_state_dict(dict, strict: true);
    }
}
