namespace DataPlatform.Testing;

/// <summary>
/// The environment a <c>dp</c> process needs to open <c>s3://</c> lakes on an s3rver: endpoint, its fixed
/// keys, path-style addressing, and the two switches s3rver needs (STACK-NOTES S2).
/// </summary>
public static class S3rverEnvironment
{
    public static Dictionary<string, string> For(string endpoint, string accessKey, string secretKey) => new()
    {
        ["AWS_ENDPOINT_URL_S3"] = endpoint,
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secretKey,
        ["AWS_REGION"] = "us-east-1",
        ["DP_S3_PATH_STYLE"] = "true",
        ["DP_S3_CHUNK_ENCODING"] = "false",
        ["DP_S3_REQUEST_CHECKSUM"] = "when_required",
    };
}
