using System.Diagnostics;

namespace DataPlatform.Testing;

/// <summary>
/// Runs the built <c>dp</c> (<see cref="DpExecutable"/>) once as a child process to its end and captures its exit code
/// and output. A run past the timeout is killed by its process id and fails the test. Long-running nodes that a test
/// signals or kills: <see cref="DpNode"/>.
/// </summary>
public static class DpCommand
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>stdout then stderr.</summary>
        public string Output => Stdout + Stderr;

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>Runs <c>dp args</c> (at most <paramref name="timeout"/>, default 120 s), writing <paramref name="stdin"/> to its input.</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var argList = args.ToList();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(DpExecutable.DllPath);
        foreach (var a in argList) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dp {string.Join(' ', argList)} did not finish in {limit.TotalSeconds:0} s");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
