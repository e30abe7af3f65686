using System.Diagnostics;
using System.Text;

namespace DataPlatform.Testing;

/// <summary>
/// A long-running <c>dotnet dp.dll ...</c> child process (a scheduler node, a training run) that a test waits on,
/// signals or kills, with its output captured. Dispose kills it by process id if it is still running, so a failing
/// test never leaves it behind. One-shot commands: <see cref="DpCommand"/>.
/// </summary>
public sealed class DpNode : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DpNode(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string DpDll => DpExecutable.DllPath;

    public static DpNode Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(DpDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var node = new DpNode(Process.Start(start)!);
        node._process.OutputDataReceived += (_, e) => node.Append(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (HasExited) throw new InvalidOperationException($"dp (pid {Pid}) exited with {ExitCode} before printing '{text}': {Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"dp (pid {Pid}) did not print '{text}' in {timeout.TotalSeconds} s: {Output}");
            await Task.Delay(100);
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // flush the redirected output
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM: the graceful shutdown path.</summary>
    public void Terminate()
    {
        if (HasExited) return;
        using var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the node dies in the middle of whatever it does.</summary>
    public void KillHard()
    {
        if (!HasExited) _process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        try
        {
            KillHard();
            _process.WaitForExit(10_000);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}

