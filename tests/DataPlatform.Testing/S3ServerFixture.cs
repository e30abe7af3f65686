namespace DataPlatform.Testing;

/// <summary>
/// The S3-compatible server a test run shares. In order: the one named by DP_TEST_S3_ENDPOINT (with
/// DP_TEST_S3_ACCESS_KEY / DP_TEST_S3_SECRET_KEY, default S3RVER), as <c>infra/test.sh</c> exports after
/// <c>infra/s3rver.sh start</c>; else a live one described by <c>infra/.run/s3.env</c>; else an s3rver
/// this fixture starts itself and stops by its process id on dispose. Never skips: a server that cannot
/// be started fails the tests.
/// </summary>
public sealed class S3ServerFixture : IDisposable
{
    private readonly S3rverProcess? _owned;

    public S3ServerFixture()
    {
        var endpoint = Environment.GetEnvironmentVariable("DP_TEST_S3_ENDPOINT");
        if (!string.IsNullOrEmpty(endpoint))
        {
            Endpoint = endpoint;
            AccessKey = Environment.GetEnvironmentVariable("DP_TEST_S3_ACCESS_KEY") ?? "S3RVER";
            SecretKey = Environment.GetEnvironmentVariable("DP_TEST_S3_SECRET_KEY") ?? "S3RVER";
            Source = "DP_TEST_S3_ENDPOINT";
            return;
        }

        var runDir = Path.Combine(InfraScripts.RepoRoot, "infra", ".run");
        var envFile = Path.Combine(runDir, "s3.env");
        var pidFile = Path.Combine(runDir, "s3rver.pid");
        if (File.Exists(envFile) && File.Exists(pidFile) &&
            int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && InfraScripts.IsAlive(pid))
        {
            var env = InfraScripts.ReadEnvFile(envFile);
            Endpoint = env["DP_TEST_S3_ENDPOINT"];
            AccessKey = env["DP_TEST_S3_ACCESS_KEY"];
            SecretKey = env["DP_TEST_S3_SECRET_KEY"];
            Source = envFile;
            return;
        }

        _owned = S3rverProcess.Start();
        Endpoint = _owned.Endpoint;
        AccessKey = _owned.AccessKey;
        SecretKey = _owned.SecretKey;
        Source = $"s3rver pid {_owned.Pid} started by the fixture";
    }

    public string Endpoint { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    /// <summary>Where the server came from, for messages.</summary>
    public string Source { get; }

    public void Dispose() => _owned?.Dispose();
}
