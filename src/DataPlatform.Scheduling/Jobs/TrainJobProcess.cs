using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using DataPlatform.Core;

namespace DataPlatform.Scheduling.Jobs;

/// <summary>
/// Runs a <c>train</c> job as a child <c>dp train --config FILE</c> process: a long training run is isolated from
/// the scheduler (a crash of one does not take the other down) and the scheduler does not load the model runtime.
/// Cancelling sends SIGTERM, so the run writes a final checkpoint and a later fire resumes it. The dp executable
/// is the running one (<c>dp</c> or <c>dotnet dp.dll</c>), or <c>DP_EXECUTABLE</c> (a path to dp or dp.dll) when set.
/// </summary>
internal static partial class TrainJobProcess
{
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static async Task<string> RunAsync(string configPath, long? steps, CancellationToken ct)
    {
        var start = Launcher();
        start.ArgumentList.Add("train");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        if (steps is { } n)
        {
            start.ArgumentList.Add("--steps");
            start.ArgumentList.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["NO_COLOR"] = "1";
        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (tail)
            {
                tail.Enqueue(line);
                while (tail.Count > 20) tail.Dequeue();
            }
        }
        using var process = Process.Start(start) ?? throw new DataPlatformException($"cannot start {start.FileName} for the train job");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            Kill(process.Id, SigTerm);  // the run checkpoints and exits 130
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        process.WaitForExit();
        string Tail() { lock (tail) return string.Join(Environment.NewLine, tail); }
        return process.ExitCode == ExitCodes.Ok
            ? tail.LastOrDefault(l => l.Length > 0) ?? "training finished"
            : throw new DataPlatformException($"dp train --config {configPath} exited with {process.ExitCode}:{Environment.NewLine}{Tail()}");
    }

    private static ProcessStartInfo Launcher()
    {
        var configured = Environment.GetEnvironmentVariable("DP_EXECUTABLE");
        var self = configured ?? Environment.GetCommandLineArgs()[0];
        if (!Path.GetFileNameWithoutExtension(self).Equals("dp", StringComparison.Ordinal))
            throw new DataPlatformException($"the train job runs 'dp train' in a child process, but this process is not dp ({self}); set DP_EXECUTABLE to the dp executable or dp.dll");
        if (self.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            var dotnet = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet");
            dotnet.ArgumentList.Add(self);
            return dotnet;
        }
        return new ProcessStartInfo(self);
    }
}
