using System.Diagnostics;

namespace DataPlatform.Stats.Tests;

/// <summary>Runs the built <c>dp</c> executable (src/DataPlatform.Cli's output, same configuration) as a child process.</summary>
public static class DpProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string DpDll => DataPlatform.Testing.DpExecutable.DllPath;

    public static async Task<Result> RunAsync(IEnumerable<string> args, string? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(DpDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dp {string.Join(' ', args)} did not finish in 120 s");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
