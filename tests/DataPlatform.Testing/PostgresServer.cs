namespace DataPlatform.Testing;

/// <summary>
/// A PostgreSQL cluster for tests (clustered scheduler store). Uses the one named by DP_TEST_PG (an
/// Npgsql connection string, as <c>infra/test.sh</c> exports after <c>infra/postgres.sh start</c>);
/// otherwise starts a throw-away cluster with <c>infra/postgres.sh</c> in a run folder of its own and
/// stops it (pg_ctl stop, else by process id) on <see cref="Dispose"/>. Never skips: a cluster that
/// cannot be started fails the tests.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5); // a fresh machine installs the package first
    private readonly TempDirectory? _runDir;

    public PostgresServer()
    {
        var shared = System.Environment.GetEnvironmentVariable("DP_TEST_PG");
        if (!string.IsNullOrEmpty(shared))
        {
            ConnectionString = shared;
            return;
        }

        _runDir = new TempDirectory("dp-pg-run");
        try
        {
            InfraScripts.Run("postgres.sh", "start", RunEnvironment(), ScriptTimeout);
            ConnectionString = InfraScripts.ReadEnvFile(_runDir.Combine("pg.env"))["DP_TEST_PG"];
            Pid = int.Parse(File.ReadAllText(_runDir.Combine("pg.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch
        {
            _runDir.Dispose();
            throw;
        }
    }

    /// <summary>Npgsql connection string: <c>Host=127.0.0.1;Port=...;Username=postgres;Database=dp_test</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>Process id of the postmaster this fixture started; 0 for a shared cluster.</summary>
    public int Pid { get; }

    /// <summary>The port from <see cref="ConnectionString"/>.</summary>
    public int Port => int.Parse(
        ConnectionString.Split(';').Select(p => p.Split('=', 2)).First(p => p[0].Trim().Equals("Port", StringComparison.OrdinalIgnoreCase))[1],
        System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (_runDir is null) return;
        try
        {
            if (InfraScripts.IsAlive(Pid)) InfraScripts.Run("postgres.sh", "stop", RunEnvironment(), ScriptTimeout);
        }
        finally
        {
            if (InfraScripts.IsAlive(Pid)) InfraScripts.Kill(Pid, TimeSpan.FromSeconds(10));
            _runDir.Dispose();
        }
    }

    private Dictionary<string, string> RunEnvironment() => new() { ["DP_RUN_DIR"] = _runDir!.Path };
}
