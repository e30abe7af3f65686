using System.Text;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// A lake in an S3 bucket: <c>s3://bucket/prefix</c>. Maps the store's relative keys
/// (<c>shards/bucket=256x256/run-00001.parquet</c>) onto object keys under the prefix.
/// </summary>
public sealed record S3Location
{
    public const string Scheme = "s3://";

    /// <summary>S3's limit on an object key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    private S3Location(string bucket, string prefix)
    {
        Bucket = bucket;
        Prefix = prefix;
    }

    public string Bucket { get; }

    /// <summary>The key prefix of the lake without leading or trailing '/'; empty for a whole bucket.</summary>
    public string Prefix { get; }

    /// <summary>True when <paramref name="location"/> names an S3 location (it may still be invalid).</summary>
    public static bool IsS3(string? location) =>
        location is not null && location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket[/prefix]</c>; throws a <see cref="ConfigException"/> listing every problem.</summary>
    public static S3Location Parse(string location, string field = "lake")
    {
        ArgumentNullException.ThrowIfNull(location);
        var v = new Validation();
        if (!IsS3(location))
        {
            v.Add($"{field} must be an S3 location s3://bucket/prefix, was '{location}'");
            v.ThrowIfInvalid();
        }

        var rest = location[Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/');
        ValidateBucket(v, field, bucket);
        if (prefix.Length > 0)
        {
            var problem = S3KeyRules.Check(prefix);
            if (problem is not null) v.Add($"{field} prefix {problem}, was '{prefix}' in '{location}'");
        }

        v.ThrowIfInvalid();
        return new S3Location(bucket, prefix);
    }

    /// <summary>The object key of a store key; throws <see cref="ArgumentException"/> for an invalid key.</summary>
    public string ObjectKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var problem = S3KeyRules.Check(key);
        if (problem is not null) throw new ArgumentException($"object key {problem}, was '{S3KeyRules.Printable(key)}'", nameof(key));
        var full = Prefix.Length == 0 ? key : $"{Prefix}/{key}";
        var bytes = Encoding.UTF8.GetByteCount(full);
        if (bytes > MaxKeyBytes)
            throw new ArgumentException($"object key '{full}' is {bytes} UTF-8 bytes; S3 allows at most {MaxKeyBytes}", nameof(key));
        return full;
    }

    /// <summary>The object-key prefix to list for a store prefix (which may end anywhere, e.g. <c>shards/bucket=2</c>).</summary>
    public string ListPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var problem = S3KeyRules.CheckPrefix(prefix);
        if (problem is not null) throw new ArgumentException($"list prefix {problem}, was '{S3KeyRules.Printable(prefix)}'", nameof(prefix));
        return Prefix.Length == 0 ? prefix : $"{Prefix}/{prefix}";
    }

    /// <summary>The store key of an object key returned by a listing.</summary>
    public string StoreKey(string objectKey) =>
        Prefix.Length == 0 ? objectKey : objectKey[(Prefix.Length + 1)..];

    public override string ToString() => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";

    private static void ValidateBucket(Validation v, string field, string bucket)
    {
        if (bucket.Length is < 3 or > 63)
        {
            v.Add($"{field} bucket name must be 3 to 63 characters, was '{bucket}' ({bucket.Length})");
            return;
        }

        var allowed = bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.');
        if (!allowed)
            v.Add($"{field} bucket name must use only lower-case letters, digits, '-' and '.', was '{bucket}'");
        else if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
            v.Add($"{field} bucket name must start and end with a letter or digit, was '{bucket}'");
        else if (bucket.Contains("..", StringComparison.Ordinal))
            v.Add($"{field} bucket name must not contain '..', was '{bucket}'");
        else if (System.Net.IPAddress.TryParse(bucket, out _))
            v.Add($"{field} bucket name must not be an IP address, was '{bucket}'");
    }
}
