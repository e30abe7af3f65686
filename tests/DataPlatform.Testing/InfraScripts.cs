using System.Diagnostics;

namespace DataPlatform.Testing;

/// <summary>
/// Runs the service scripts of <c>infra/</c> (s3rver.sh, postgres.sh) from tests and reads the
/// <c>KEY=VALUE</c> env files they write.
/// </summary>
public static class InfraScripts
{
    /// <summary>The repository root: the nearest folder above the test binaries holding DataPlatform.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Runs <c>bash infra/&lt;script&gt; &lt;verb&gt;</c> with extra environment; throws with its output when it fails.</summary>
    public static void Run(string script, string verb, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "infra", script), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start infra/{script}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"infra/{script} {verb} did not finish within {timeout}: {stderr.Result}");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"infra/{script} {verb} exited {process.ExitCode}:{Environment.NewLine}{stdout.Result}{stderr.Result}");
    }

    /// <summary>The variables of an env file written by a script (<c>KEY=VALUE</c> per line).</summary>
    public static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.Contains('=') && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());

    /// <summary>True while process <paramref name="pid"/> runs (a zombie counts as gone).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Kills process <paramref name="pid"/> with SIGKILL, as a crash would, and waits until it is gone.</summary>
    public static void Kill(int pid, TimeSpan timeout)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            return; // already gone
        }

        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"process {pid} still runs {timeout} after SIGKILL");
            Thread.Sleep(20);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DataPlatform.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no DataPlatform.sln above {AppContext.BaseDirectory}");
    }
}
