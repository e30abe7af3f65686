using System.Diagnostics;
using System.Globalization;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// A test service for the benchmarks (s3rver, PostgreSQL), started by <c>infra/&lt;script&gt; start</c> into
/// its own run folder (fresh data, free loopback port) and stopped by the script and then by its process id
/// on <see cref="Dispose"/>. <see cref="Env"/> holds the variables of the env file the script wrote.
/// </summary>
internal sealed class BenchInfraService : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5); // a fresh machine installs s3rver first
    private readonly string _script;
    private readonly string _runDir;

    private BenchInfraService(string script, string runDir, string pidFile, int pid, IReadOnlyDictionary<string, string> env)
    {
        (_script, _runDir, _pidFile, Pid, Env) = (script, runDir, pidFile, pid, env);
    }

    private readonly string _pidFile;

    public int Pid { get; }

    public IReadOnlyDictionary<string, string> Env { get; }

    /// <summary>s3rver via <c>s3rver.sh</c> (env file s3.env).</summary>
    public static BenchInfraService S3rver(string infraDir) => Start(infraDir, "s3rver.sh", "s3.env", "s3rver.pid");

    /// <summary>PostgreSQL via <c>postgres.sh</c> (env file pg.env).</summary>
    public static BenchInfraService Postgres(string infraDir) => Start(infraDir, "postgres.sh", "pg.env", "pg.pid");

    /// <summary>Runs <c>SCRIPT start</c> from <paramref name="infraDir"/>; throws with the script's output when it fails.</summary>
    private static BenchInfraService Start(string infraDir, string scriptName, string envFile, string pidFile)
    {
        var script = Path.Combine(infraDir, scriptName);
        if (!File.Exists(script)) throw new Core.InvalidInputException($"bench.infra: no {scriptName} in '{infraDir}' (run from the repository root or pass --infra)");
        var runDir = Directory.CreateTempSubdirectory($"dp-bench-{Path.GetFileNameWithoutExtension(scriptName)}-").FullName;
        try
        {
            RunScript(script, "start", runDir);
            var env = File.ReadAllLines(Path.Combine(runDir, envFile)).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
            var pid = int.Parse(File.ReadAllText(Path.Combine(runDir, pidFile)).Trim(), CultureInfo.InvariantCulture);
            return new BenchInfraService(script, runDir, pidFile, pid, env);
        }
        catch
        {
            TryStop(script, runDir, pidFile);
            throw;
        }
    }

    public void Dispose() => TryStop(_script, _runDir, _pidFile, Pid);

    /// <summary>Stops via the script (which kills the PID in the run folder and removes the data), then kills the PID if it still lives.</summary>
    private static void TryStop(string script, string runDir, string pidFile, int pid = 0)
    {
        try
        {
            if (File.Exists(Path.Combine(runDir, pidFile))) RunScript(script, "stop", runDir);
        }
        finally
        {
            if (pid > 0)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // already gone
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }
            Directory.Delete(runDir, recursive: true);
        }
    }

    private static void RunScript(string script, string verb, string runDir)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(verb);
        start.Environment["DP_RUN_DIR"] = runDir;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{script} {verb} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ScriptTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {verb} did not finish within {ScriptTimeout.TotalMinutes:0} min");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {verb} exited {process.ExitCode}: {stdout.Result}{stderr.Result}");
    }
}
