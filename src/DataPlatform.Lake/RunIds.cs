using System.Text.RegularExpressions;

namespace DataPlatform.Lake;

/// <summary>
/// Ingest run ids: unique without coordination, sortable by start time, safe inside object keys.
/// Format <c>yyyyMMddTHHmmssZ-xxxxxx</c> (UTC start time, 6 random lower-case hex digits),
/// e.g. <c>20261128T221500Z-3fa9c1</c>.
/// </summary>
public static partial class RunIds
{
    /// <summary>A new run id from the current time of <paramref name="time"/> and 24 random bits of <paramref name="random"/>.</summary>
    public static string New(TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return $"{stamp}-{random.Next(0, 1 << 24):x6}";
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="run"/> is 1-100 characters of
    /// letters, digits, '.', '_' or '-', starting with a letter or digit (any id, not only <see cref="New"/>'s).
    /// </summary>
    public static void Validate(string run, string paramName = "run")
    {
        ArgumentNullException.ThrowIfNull(run, paramName);
        if (!Pattern().IsMatch(run))
        {
            throw new ArgumentException(
                $"run id '{run}' is invalid: it must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
                paramName);
        }
    }

    public static bool IsValid(string run) => run is not null && Pattern().IsMatch(run);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$")]
    private static partial Regex Pattern();
}
