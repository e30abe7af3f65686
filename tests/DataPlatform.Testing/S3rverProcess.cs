namespace DataPlatform.Testing;

/// <summary>
/// An s3rver (STACK-NOTES S1) started by <c>infra/s3rver.sh</c> for this test process alone, with its
/// own run folder; stopped by its process id on <see cref="Dispose"/>. <see cref="Kill"/> crashes it
/// (SIGKILL); <see cref="Restart"/> brings it back on the same port and data folder.
/// </summary>
public sealed class S3rverProcess : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5); // a fresh machine installs s3rver first
    private readonly TempDirectory _runDir = new("dp-s3rver-run");
    private readonly string? _dataDir;

    private S3rverProcess(string? dataDir, int? port)
    {
        _dataDir = dataDir;
        try
        {
            Start(port);
        }
        catch
        {
            _runDir.Dispose();
            throw;
        }
    }

    /// <summary>Starts a server on a free port; with <paramref name="dataDir"/> its objects live there (and survive a restart).</summary>
    public static S3rverProcess Start(string? dataDir = null) => new(dataDir, null);

    public int Pid { get; private set; }

    public int Port { get; private set; }

    public string Endpoint { get; private set; } = "";

    public string AccessKey { get; private set; } = "";

    public string SecretKey { get; private set; } = "";

    public bool IsAlive => Pid > 0 && InfraScripts.IsAlive(Pid);

    /// <summary>Kills the server with SIGKILL, as a crash would.</summary>
    public void Kill() => InfraScripts.Kill(Pid, TimeSpan.FromSeconds(10));

    /// <summary>Starts the server again on the same port (and data folder, when one was given).</summary>
    public void Restart()
    {
        if (IsAlive) throw new InvalidOperationException($"s3rver {Pid} still runs");
        Start(Port);
    }

    public void Dispose()
    {
        try
        {
            if (IsAlive) InfraScripts.Run("s3rver.sh", "stop", Environment(null), ScriptTimeout);
        }
        finally
        {
            if (IsAlive) InfraScripts.Kill(Pid, TimeSpan.FromSeconds(10));
            _runDir.Dispose();
        }
    }

    private void Start(int? port)
    {
        InfraScripts.Run("s3rver.sh", "start", Environment(port), ScriptTimeout);
        var env = InfraScripts.ReadEnvFile(_runDir.Combine("s3.env"));
        Pid = int.Parse(File.ReadAllText(_runDir.Combine("s3rver.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Endpoint = env["DP_TEST_S3_ENDPOINT"];
        Port = new Uri(Endpoint).Port;
        AccessKey = env["DP_TEST_S3_ACCESS_KEY"];
        SecretKey = env["DP_TEST_S3_SECRET_KEY"];
    }

    private Dictionary<string, string> Environment(int? port)
    {
        var env = new Dictionary<string, string> { ["DP_RUN_DIR"] = _runDir.Path };
        if (_dataDir is not null) env["DP_S3RVER_DATA"] = _dataDir;
        if (port is not null) env["DP_S3RVER_PORT"] = port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return env;
    }
}
