using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace DataPlatform.Lake;

/// <summary>
/// Classifies AWS SDK failures (transient or not) and turns them into messages that name the
/// operation, key and endpoint, and never the credentials.
/// </summary>
internal sealed class S3Errors(string root, string endpoint, IReadOnlyList<string> secrets)
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "InternalError",
        "ServiceUnavailable", "RequestLimitExceeded", "TooManyRequestsException",
    };

    public string Endpoint => endpoint;

    /// <summary>True for throttling (429, 503 SlowDown), any 5xx, timeouts and network failures.</summary>
    public static bool IsTransient(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case AmazonServiceException s when (int)s.StatusCode == 429 || (int)s.StatusCode >= 500:
                case AmazonServiceException s2 when s2.ErrorCode is not null && TransientCodes.Contains(s2.ErrorCode):
                case HttpRequestException or IOException or SocketException or TimeoutException:
                case TaskCanceledException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>True when the service said the key (or, for HEAD, anything) is not there.</summary>
    public static bool IsNotFound(Exception e) =>
        e is AmazonServiceException s && (s.StatusCode == HttpStatusCode.NotFound || s.ErrorCode == "NoSuchKey");

    /// <summary>
    /// The exception to throw after the last attempt: a <see cref="Core.DataPlatformException"/> whose
    /// message names what failed and where. The SDK exception is kept as the inner exception only when
    /// its text holds no credential.
    /// </summary>
    public Core.DataPlatformException Wrap(Exception e, string operation, string key, int attempts)
    {
        var transient = IsTransient(e);
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        var hint = transient ? "" : Hint(e);
        var message = Scrub(
            $"S3 {operation} of '{key}' in {root} at {endpoint} failed after {tries}: {Describe(e)}{hint}");
        var inner = Scrub(e.ToString()) == e.ToString() ? e : null;
        return new Core.DataPlatformException(message, inner, transient);
    }

    /// <summary><paramref name="text"/> with every credential replaced by ***.</summary>
    public string Scrub(string text)
    {
        foreach (var s in secrets)
            if (s.Length > 0) text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }

    private static string Describe(Exception e)
    {
        if (e is AmazonServiceException s && s.StatusCode != 0)
            return $"HTTP {(int)s.StatusCode} {s.ErrorCode ?? s.StatusCode.ToString()}: {s.Message}";
        var root = e;
        while (root.InnerException is not null && root is not (HttpRequestException or SocketException)) root = root.InnerException;
        return root == e ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} ({root.GetType().Name}: {root.Message})";
    }

    private static string Hint(Exception e) => e is AmazonServiceException s
        ? s.ErrorCode switch
        {
            "NoSuchBucket" => " (the bucket does not exist: create it first)",
            "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "Forbidden" =>
                " (check s3.access_key / s3.secret_key or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and s3.region)",
            "BadDigest" or "XAmzContentSHA256Mismatch" =>
                " (the server stored different bytes than were sent; for s3rver set use_chunk_encoding=false and request_checksum=WhenRequired)",
            _ => "",
        }
        : "";
}
