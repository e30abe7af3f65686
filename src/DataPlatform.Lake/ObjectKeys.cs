namespace DataPlatform.Lake;

/// <summary>
/// Rules for object keys: '/'-separated, relative, portable. The same rules hold for every store so a
/// lake can move between a local folder and a bucket. Names that start with '.' are reserved for a
/// store's own temporary objects.
/// </summary>
public static class ObjectKeys
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the key and the rule it breaks.</summary>
    public static void Validate(string key, string paramName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        var problem = Problem(key, allowTrailingSlash: false, allowEmpty: false);
        if (problem is not null) throw new ArgumentException($"object key '{key}' is invalid: {problem}", paramName);
    }

    /// <summary>Validates a listing prefix: like a key, but it may be empty or end with '/'.</summary>
    public static void ValidatePrefix(string prefix, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        var problem = Problem(prefix, allowTrailingSlash: true, allowEmpty: true);
        if (problem is not null) throw new ArgumentException($"object key prefix '{prefix}' is invalid: {problem}", paramName);
    }

    /// <summary>True when <paramref name="key"/> is a valid key (see <see cref="Validate"/>).</summary>
    public static bool IsValid(string key) => Problem(key, allowTrailingSlash: false, allowEmpty: false) is null;

    private static string? Problem(string key, bool allowTrailingSlash, bool allowEmpty)
    {
        if (key.Length == 0) return allowEmpty ? null : "must not be empty";
        if (key.Length > 1024) return $"must be at most 1024 characters, was {key.Length}";
        if (key[0] == '/') return "must be relative (no leading '/')";
        if (key.Contains('\\')) return "must use '/' as the separator, not '\\'";
        if (key.Contains(':')) return "must not contain ':' (drive letters and URI schemes are not keys)";
        if (key.Any(char.IsControl)) return "must not contain control characters";
        var segments = key.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Length - 1;
            if (segment.Length == 0)
            {
                if (isLast && allowTrailingSlash) continue;
                return "must not contain empty segments ('//' or a trailing '/')";
            }
            if (segment is "." or "..") return $"must not contain a '{segment}' segment";
            if (segment[0] == '.') return $"segment '{segment}' must not start with '.' (reserved for temporary objects)";
        }
        return null;
    }
}
