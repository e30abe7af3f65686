namespace DataPlatform.Lake;

/// <summary>
/// What a key of an S3 lake may look like: '/'-separated segments, none empty, '.' or '..', no
/// leading or trailing '/', no backslash, no control characters, no unpaired surrogates. The same
/// rules keep keys portable to a local folder.
/// </summary>
internal static class S3KeyRules
{
    /// <summary>Null when <paramref name="key"/> is a valid key, otherwise what is wrong with it.</summary>
    public static string? Check(string key)
    {
        if (key.Length == 0) return "must not be empty";
        if (key[^1] == '/') return "must not end with '/'";
        return CheckPrefix(key);
    }

    /// <summary>Like <see cref="Check"/>, but an empty prefix or one ending in '/' is fine.</summary>
    public static string? CheckPrefix(string prefix)
    {
        if (prefix.Length == 0) return null;
        if (prefix[0] == '/') return "must not start with '/'";
        for (var i = 0; i < prefix.Length; i++)
        {
            var c = prefix[i];
            if (char.IsControl(c)) return $"must not contain control characters (U+{(int)c:X4} at {i})";
            if (c == '\\') return $"must not contain '\\' (at {i})";
            if (char.IsHighSurrogate(c) && (i + 1 >= prefix.Length || !char.IsLowSurrogate(prefix[i + 1])))
                return $"must be valid UTF-16 (unpaired surrogate at {i})";
            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(prefix[i - 1])))
                return $"must be valid UTF-16 (unpaired surrogate at {i})";
        }

        var segments = prefix.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            if (segments[i].Length == 0 && !last) return "must not contain empty segments ('//')";
            if (segments[i] is "." or "..") return $"must not contain '{segments[i]}' segments";
        }

        return null;
    }

    /// <summary>The key with control characters escaped, safe to put in a message.</summary>
    public static string Printable(string key) =>
        string.Concat(key.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
