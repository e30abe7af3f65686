using DataPlatform.Core;

namespace DataPlatform.Lake.S3.Tests;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://my-bucket/lake/prod", "my-bucket", "lake/prod", "s3://my-bucket/lake/prod")]
    [InlineData("s3://my-bucket/lake/", "my-bucket", "lake", "s3://my-bucket/lake")]
    [InlineData("s3://my-bucket", "my-bucket", "", "s3://my-bucket")]
    [InlineData("S3://b.c-1/x", "b.c-1", "x", "s3://b.c-1/x")]
    public void Parse_splits_bucket_and_prefix(string text, string bucket, string prefix, string root)
    {
        var location = S3Location.Parse(text);

        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
        Assert.Equal(root, location.ToString());
    }

    [Theory]
    [InlineData("/data/lake", "must be an S3 location")]
    [InlineData("s3://", "3 to 63 characters")]
    [InlineData("s3://ab/x", "3 to 63 characters")]
    [InlineData("s3://My_Bucket/x", "lower-case letters")]
    [InlineData("s3://-bucket/x", "start and end with a letter or digit")]
    [InlineData("s3://a..b/x", "must not contain '..'")]
    [InlineData("s3://192.168.1.1/x", "must not be an IP address")]
    [InlineData("s3://bucket//x", "must not start with '/'")]
    [InlineData("s3://bucket/a//b", "empty segments")]
    [InlineData("s3://bucket/a/../b", "'..' segments")]
    public void Parse_refuses_bad_locations_with_a_message_naming_the_problem(string text, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => S3Location.Parse(text));

        Assert.Contains(expected, e.Message);
        Assert.Contains("lake", e.Message);
    }

    [Fact]
    public void Object_keys_go_under_the_prefix_and_list_keys_map_back()
    {
        var location = S3Location.Parse("s3://bucket/lake");

        Assert.Equal("lake/shards/x.parquet", location.ObjectKey("shards/x.parquet"));
        Assert.Equal("lake/shards/bucket=2", location.ListPrefix("shards/bucket=2"));
        Assert.Equal("lake/", location.ListPrefix(""));
        Assert.Equal("shards/x.parquet", location.StoreKey("lake/shards/x.parquet"));
    }

    [Fact]
    public void Keys_longer_than_s3_allows_are_refused_with_their_byte_count()
    {
        var location = S3Location.Parse("s3://bucket/lake");

        var e = Assert.Throws<ArgumentException>(() => location.ObjectKey(new string('é', 600)));

        Assert.Contains("1205 UTF-8 bytes", e.Message);
    }

    [Theory]
    [InlineData("a\u0001b", "control characters")]
    [InlineData("./a", "'.' segments")]
    public void Keys_with_unportable_characters_are_refused(string key, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => S3Location.Parse("s3://bucket").ObjectKey(key));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Keys_with_an_unpaired_surrogate_are_refused()
    {
        var key = "a" + (char)0xD800 + "b"; // built in code: test-case serialisation would replace it

        var e = Assert.Throws<ArgumentException>(() => S3Location.Parse("s3://bucket").ObjectKey(key));

        Assert.Contains("unpaired surrogate at 1", e.Message);
    }
}
