using System.Net;
using System.Net.Sockets;
using Amazon.S3;

namespace DataPlatform.Lake.S3.Tests;

public sealed class S3RetryPolicyTests
{
    [Theory]
    [InlineData(503, "SlowDown", true)]
    [InlineData(429, "TooManyRequests", true)]
    [InlineData(500, "InternalError", true)]
    [InlineData(400, "RequestTimeout", true)]
    [InlineData(403, "AccessDenied", false)]
    [InlineData(404, "NoSuchKey", false)]
    [InlineData(400, "InvalidArgument", false)]
    public void Service_errors_are_transient_only_for_throttling_timeouts_and_5xx(int status, string code, bool transient)
    {
        var e = new AmazonS3Exception("msg") { StatusCode = (HttpStatusCode)status, ErrorCode = code };

        Assert.Equal(transient, S3Errors.IsTransient(e));
    }

    [Fact]
    public void Network_failures_are_transient_also_when_wrapped()
    {
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(S3Errors.IsTransient(refused));
        Assert.True(S3Errors.IsTransient(new AmazonS3Exception("wrapped", refused)));
        Assert.False(S3Errors.IsTransient(new InvalidOperationException("bug")));
    }

    [Fact]
    public void Back_off_doubles_per_attempt_with_jitter_and_stays_under_the_cap()
    {
        var options = new S3LakeOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromMilliseconds(1000) };
        var policy = new S3RetryPolicy(options, new S3Errors("s3://b", "http://x", []), TimeProvider.System, new Random(1));

        var delays = Enumerable.Range(1, 8).Select(a => policy.Delay(a).TotalMilliseconds).ToArray();

        Assert.InRange(delays[0], 50, 100);
        Assert.InRange(delays[1], 100, 200);
        Assert.InRange(delays[2], 200, 400);
        Assert.All(delays[4..], d => Assert.InRange(d, 500, 1000));
        Assert.True(delays.Distinct().Count() == delays.Length, "jitter spreads the retries of many clients");
    }

    [Fact]
    public void Same_seed_gives_the_same_back_off()
    {
        var options = new S3LakeOptions();
        var errors = new S3Errors("s3://b", "http://x", []);
        var a = new S3RetryPolicy(options, errors, TimeProvider.System, new Random(5));
        var b = new S3RetryPolicy(options, errors, TimeProvider.System, new Random(5));

        Assert.Equal(Enumerable.Range(1, 5).Select(a.Delay), Enumerable.Range(1, 5).Select(b.Delay));
    }

    [Fact]
    public void Wrapped_errors_never_carry_credentials_even_when_the_service_echoes_them()
    {
        var errors = new S3Errors("s3://b/p", "http://127.0.0.1:1", ["AKIAECHOED", "secret-echoed"]);
        var echo = new AmazonS3Exception("The key AKIAECHOED with secret-echoed was refused")
        {
            StatusCode = HttpStatusCode.Forbidden,
            ErrorCode = "InvalidAccessKeyId",
        };

        var e = errors.Wrap(echo, "put", "k", 1);

        Assert.DoesNotContain("AKIAECHOED", e.ToString());
        Assert.DoesNotContain("secret-echoed", e.ToString());
        Assert.Null(e.InnerException);
        Assert.Contains("S3 put of 'k' in s3://b/p at http://127.0.0.1:1 failed after 1 attempt: HTTP 403 InvalidAccessKeyId", e.Message);
    }
}
