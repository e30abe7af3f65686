using System.Diagnostics;
using System.Globalization;

namespace DataPlatform.Cli.Commands;

/// <summary>
/// An s3rver for <c>dp bench s3</c>, started by <c>infra/s3rver.sh start</c> into its own run folder
/// (fresh data folder, free loopback port) and stopped by its process id on <see cref="Dispose"/>.
/// </summary>
internal sealed class BenchS3Server : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5); // a fresh machine installs s3rver first
    private readonly string _script;
    private readonly string _runDir;

    private BenchS3Server(string script, string runDir, int pid, string endpoint, string accessKey, string secretKey, string bucket)
    {
        (_script, _runDir, Pid, Endpoint, AccessKey, SecretKey, Bucket) = (script, runDir, pid, endpoint, accessKey, secretKey, bucket);
    }

    public int Pid { get; }

    public string Endpoint { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string Bucket { get; }

    /// <summary>Runs <c>s3rver.sh start</c> from <paramref name="infraDir"/>; throws with the script's output when it fails.</summary>
    public static BenchS3Server Start(string infraDir)
    {
        var script = Path.Combine(infraDir, "s3rver.sh");
        if (!File.Exists(script)) throw new Core.InvalidInputException($"bench.infra: no s3rver.sh in '{infraDir}' (run from the repository root or pass --infra)");
        var runDir = Directory.CreateTempSubdirectory("dp-bench-s3rver-").FullName;
        try
        {
            RunScript(script, "start", runDir);
            var env = File.ReadAllLines(Path.Combine(runDir, "s3.env")).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
            var pid = int.Parse(File.ReadAllText(Path.Combine(runDir, "s3rver.pid")).Trim(), CultureInfo.InvariantCulture);
            return new BenchS3Server(script, runDir, pid, env["DP_TEST_S3_ENDPOINT"], env["DP_TEST_S3_ACCESS_KEY"], env["DP_TEST_S3_SECRET_KEY"], env["DP_TEST_S3_BUCKET"]);
        }
        catch
        {
            TryStop(script, runDir);
            throw;
        }
    }

    public void Dispose() => TryStop(_script, _runDir, Pid);

    /// <summary>Stops via the script (which kills the PID in the run folder and removes the data), then kills the PID if it still lives.</summary>
    private static void TryStop(string script, string runDir, int pid = 0)
    {
        try
        {
            if (File.Exists(Path.Combine(runDir, "s3rver.pid"))) RunScript(script, "stop", runDir);
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
