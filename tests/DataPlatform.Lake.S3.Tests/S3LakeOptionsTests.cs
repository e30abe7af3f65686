using DataPlatform.Core;

namespace DataPlatform.Lake.S3.Tests;

public sealed class S3LakeOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_suit_real_s3()
    {
        var options = new S3LakeOptions();
        var v = new Validation();

        options.Validate(v);

        Assert.True(v.IsValid, string.Join("; ", v.Errors));
        Assert.True(options.UseChunkEncoding);
        Assert.Equal(S3RequestChecksum.WhenSupported, options.RequestChecksum);
        Assert.Equal(16 * S3LakeOptions.MiB, options.PartSizeBytes);
    }

    [Fact]
    public void Validation_reports_every_bad_field_at_once()
    {
        var options = new S3LakeOptions
        {
            ServiceUrl = "ftp://host",
            PartSizeBytes = 1024,
            ListPageSize = 0,
            MaxAttempts = 0,
            AccessKey = "only-the-access-key",
            RetryMaxDelay = TimeSpan.FromMilliseconds(1),
        };
        var v = new Validation();

        options.Validate(v);

        Assert.Contains("s3.service_url must be an absolute http or https URL, was 'ftp://host'", v.Errors);
        Assert.Contains($"s3.part_size_bytes must be at least {5 * S3LakeOptions.MiB}, was 1024", v.Errors);
        Assert.Contains("s3.list_page_size must be in [1, 1000], was 0", v.Errors);
        Assert.Contains("s3.max_attempts must be in [1, 20], was 0", v.Errors);
        Assert.Contains(v.Errors, e => e.StartsWith("s3.access_key and s3.secret_key must be given together", StringComparison.Ordinal));
        Assert.Contains(v.Errors, e => e.StartsWith("s3.retry_max_delay must be at least", StringComparison.Ordinal));
        Assert.DoesNotContain(v.Errors, e => e.Contains("only-the-access-key", StringComparison.Ordinal));
    }

    [Fact]
    public void An_endpoint_with_user_info_is_refused_without_echoing_the_password()
    {
        var v = new Validation();

        new S3LakeOptions { ServiceUrl = "http://user:hunter2@127.0.0.1:9000" }.Validate(v);

        var error = Assert.Single(v.Errors);
        Assert.Contains("must not carry credentials", error);
        Assert.DoesNotContain("hunter2", error);
    }
}

public sealed class S3LakeOptionsEnvironmentTests
{
    [Fact]
    public void Environment_sets_endpoint_region_and_s3rver_switches()
    {
        var env = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000",
            ["AWS_REGION"] = "eu-west-1",
            ["DP_S3_PATH_STYLE"] = "true",
            ["DP_S3_CHUNK_ENCODING"] = "0",
            ["DP_S3_REQUEST_CHECKSUM"] = "WHEN_REQUIRED",
        };

        var options = S3LakeOptions.FromEnvironment(k => env.GetValueOrDefault(k));

        Assert.Equal("http://127.0.0.1:9000", options.ServiceUrl);
        Assert.Equal("eu-west-1", options.Region);
        Assert.True(options.ForcePathStyle);
        Assert.False(options.UseChunkEncoding);
        Assert.Equal(S3RequestChecksum.WhenRequired, options.RequestChecksum);
        Assert.Null(options.AccessKey);
    }

    [Fact]
    public void An_empty_environment_gives_the_defaults()
    {
        Assert.Equal(new S3LakeOptions(), S3LakeOptions.FromEnvironment(_ => null));
    }

    [Fact]
    public void Every_unparsable_variable_is_reported_at_once()
    {
        var env = new Dictionary<string, string?> { ["DP_S3_PATH_STYLE"] = "maybe", ["DP_S3_REQUEST_CHECKSUM"] = "always", ["AWS_ENDPOINT_URL"] = "nope" };

        var e = Assert.Throws<ConfigException>(() => S3LakeOptions.FromEnvironment(k => env.GetValueOrDefault(k)));

        Assert.Equal(3, e.Errors.Count);
        Assert.Contains("DP_S3_PATH_STYLE must be true or false, was 'maybe'", e.Errors);
    }
}
