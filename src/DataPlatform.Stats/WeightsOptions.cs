using System.Text.RegularExpressions;
using DataPlatform.Core;

namespace DataPlatform.Stats;

/// <summary>
/// How <c>dp weights</c> turns concept frequencies into sampling weights (formula in
/// <c>schemas/sql/compute/weights.sql</c>).
/// </summary>
/// <param name="Alpha">Temperature of the inverse frequency, w ∝ f^-α (default 0.5; 0 = uniform, 1 = fully inverse).</param>
/// <param name="Cap">MetaCLIP-style per-concept cap N: a concept's keep probability is min(1, N / f); null = no cap (default).</param>
/// <param name="Floor">Share of the mass spread uniformly over all samples so none starves (default 0.1).</param>
/// <param name="Version">Name of the snapshot; null = <c>w-yyyyMMdd-HHmmss</c> from the clock (default).</param>
public sealed partial record WeightsOptions(double Alpha = 0.5, long? Cap = null, double Floor = 0.1, string? Version = null)
{
    public void Validate(Validation v, string prefix = "weights")
    {
        v.InRange($"{prefix}.alpha", Alpha, 0, 1);
        v.InRange($"{prefix}.floor", Floor, 0, 1);
        if (Cap is { } cap) v.AtLeast($"{prefix}.cap", cap, 1);
        if (Version is not null && !VersionPattern().IsMatch(Version))
        {
            v.Add($"{prefix}.version must be 1-64 letters, digits, '.', '_' or '-' (not starting with '.'), was '{Version}'");
        }
        if (Version is "current" or "statistical")
        {
            v.Add($"{prefix}.version must not be '{Version}' (a manifest's name), was '{Version}'");
        }
    }

    public string ResolveVersion(TimeProvider time) =>
        Version ?? "w-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex VersionPattern();
}
