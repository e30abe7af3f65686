using DataPlatform.Core;

namespace DataPlatform.Lake;

public sealed partial record S3LakeOptions
{
    /// <summary>
    /// Options from environment variables, for commands that open an <c>s3://</c> lake:
    /// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (service URL), AWS_REGION or AWS_DEFAULT_REGION,
    /// DP_S3_PATH_STYLE, DP_S3_CHUNK_ENCODING (true/false), DP_S3_REQUEST_CHECKSUM
    /// (when_supported/when_required). Unset variables keep the defaults; credentials stay null, so the
    /// store reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY itself. Every unparsable value is reported.
    /// </summary>
    public static S3LakeOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var v = new Validation();
        var defaults = new S3LakeOptions();
        var options = defaults with
        {
            ServiceUrl = Get(environment, "AWS_ENDPOINT_URL_S3") ?? Get(environment, "AWS_ENDPOINT_URL"),
            Region = Get(environment, "AWS_REGION") ?? Get(environment, "AWS_DEFAULT_REGION") ?? defaults.Region,
            ForcePathStyle = Bool(v, environment, "DP_S3_PATH_STYLE", defaults.ForcePathStyle),
            UseChunkEncoding = Bool(v, environment, "DP_S3_CHUNK_ENCODING", defaults.UseChunkEncoding),
            RequestChecksum = Get(environment, "DP_S3_REQUEST_CHECKSUM")?.ToLowerInvariant() switch
            {
                null => defaults.RequestChecksum,
                "when_supported" => S3RequestChecksum.WhenSupported,
                "when_required" => S3RequestChecksum.WhenRequired,
                var other => Invalid(v, $"DP_S3_REQUEST_CHECKSUM must be when_supported or when_required, was '{other}'", defaults.RequestChecksum),
            },
        };
        options.Validate(v);
        v.ThrowIfInvalid();
        return options;
    }

    private static string? Get(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value.Trim() : null;

    private static bool Bool(Validation v, Func<string, string?> environment, string name, bool fallback) =>
        Get(environment, name)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            var other => Invalid(v, $"{name} must be true or false, was '{other}'", fallback),
        };

    private static T Invalid<T>(Validation v, string error, T fallback)
    {
        v.Add(error);
        return fallback;
    }
}
