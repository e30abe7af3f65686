using DataPlatform.Core;
using DataPlatform.Testing;

namespace DataPlatform.Lake.S3.Tests;

[Collection(S3Collection.Name)]
public sealed class S3CredentialTests(S3ServerFixture server)
{
    private const string AccessKey = "AKIADPTESTNOTREAL042";
    private const string SecretKey = "dp-secret-do-not-print-8c1f";

    [Fact]
    public async Task Rejected_credentials_give_a_clear_error_that_never_contains_them()
    {
        S3TestLake.EnsureBucket(server.Endpoint, server.AccessKey, server.SecretKey);
        var options = S3TestLake.Options(server.Endpoint, AccessKey, SecretKey);
        using var store = new S3ObjectStore(S3Location.Parse($"s3://{S3TestLake.Bucket}/creds"), options);

        var put = await Assert.ThrowsAsync<DataPlatformException>(() => store.PutAsync("k", new MemoryStream([1])));
        var list = await Assert.ThrowsAsync<DataPlatformException>(() => S3TestLake.ListAllAsync(store, ""));

        foreach (var e in new[] { put, list })
        {
            Assert.False(e.IsTransient, "wrong credentials do not get better by retrying");
            Assert.Contains("access_key", e.Message);
            Assert.Contains(server.Endpoint, e.Message);
            Assert.DoesNotContain(SecretKey, e.ToString());
            Assert.DoesNotContain(AccessKey, e.ToString());
        }
    }

    [Fact]
    public void Options_and_store_text_never_contain_credentials()
    {
        var options = S3TestLake.Options(server.Endpoint, AccessKey, SecretKey) with { SessionToken = "token-do-not-print" };
        using var store = new S3ObjectStore(S3Location.Parse("s3://some-bucket/lake"), options);

        foreach (var text in new[] { options.ToString(), store.ToString(), store.Root })
        {
            Assert.DoesNotContain(AccessKey, text);
            Assert.DoesNotContain(SecretKey, text);
            Assert.DoesNotContain("token-do-not-print", text);
        }

        Assert.Contains("SecretKey = ***", options.ToString());
    }

    [Fact]
    public async Task Credentials_come_from_the_aws_environment_variables_when_options_have_none()
    {
        S3TestLake.EnsureBucket(server.Endpoint, server.AccessKey, server.SecretKey);
        var options = S3TestLake.Options(server.Endpoint, server.AccessKey, server.SecretKey) with { AccessKey = null, SecretKey = null };
        var env = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = server.SecretKey };
        using var store = new S3ObjectStore(S3Location.Parse($"s3://{S3TestLake.Bucket}/env-{Guid.NewGuid():N}"), options,
            environment: k => env.GetValueOrDefault(k));

        await store.PutAsync("k", new MemoryStream([7]));

        Assert.Equal([7], await S3TestLake.ReadAllAsync(store, "k"));
    }

    [Fact]
    public void Missing_credentials_are_a_config_error_naming_both_ways_to_set_them()
    {
        var options = S3TestLake.Options(server.Endpoint, "a", "b") with { AccessKey = null, SecretKey = null };

        var e = Assert.Throws<ConfigException>(() => new S3ObjectStore(S3Location.Parse("s3://bucket/lake"), options, environment: _ => null));

        Assert.Contains("AWS_ACCESS_KEY_ID", e.Message);
        Assert.Contains("s3.access_key", e.Message);
    }
}
