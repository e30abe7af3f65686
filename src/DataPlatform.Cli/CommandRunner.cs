using System.CommandLine;
using DataPlatform.Core;
using Spectre.Console;

namespace DataPlatform.Cli;

/// <summary>
/// Runs a parsed command line: bad usage exits 64, bad input 65, I/O failures 74, bugs 70, and
/// Ctrl-C / SIGTERM cancel the command's token and exit 130 once it has shut down cleanly.
/// A failure prints one clear message, never a stack trace (set DP_DEBUG=1 to see it).
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"dp: {error.Message}");
            }
            Console.Error.WriteLine("Run 'dp --help' for usage.");
            return ExitCodes.Usage;
        }

        using var cancel = new CancellationTokenSource();
        // The first SIGTERM / Ctrl-C asks the command to stop cleanly; a second one ends the process at once.
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => ctx.Cancel = RequestStop(cancel));
        Console.CancelKeyPress += (_, e) => e.Cancel = RequestStop(cancel);

        try
        {
            // Our own handler (below) maps exceptions to exit codes; System.CommandLine's would print a stack trace.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancel.Token);
        }
        catch (Exception ex)
        {
            return Report(ex, cancel.IsCancellationRequested);
        }
    }

    /// <summary>Cancels the command on the first signal (true: keep the process); false on a repeat.</summary>
    private static bool RequestStop(CancellationTokenSource cancel)
    {
        try
        {
            if (cancel.IsCancellationRequested) return false;
            Console.Error.WriteLine("dp: stopping (signal again to end at once)...");
            // The callbacks run on a pool thread, not this signal handler: a handler that returned only after a
            // long shutdown could find its registration already disposed by the finished command, and the
            // runtime would then apply the signal's default action (exit 143 instead of 130).
            _ = cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // a signal that arrives after the command finished and disposed the source: nothing left to stop
        }
        return true;
    }

    /// <summary>Prints a failure and returns its exit code.</summary>
    public static int Report(Exception ex, bool cancelled = false)
    {
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        var debug = Environment.GetEnvironmentVariable("DP_DEBUG") == "1";
        switch (ex)
        {
            case OperationCanceledException when cancelled:
                Console.Error.WriteLine("dp: stopped.");
                return ExitCodes.Cancelled;
            case DataPlatformException dpe:
                Console.Error.WriteLine($"dp: {dpe.Message}");
                if (debug) Console.Error.WriteLine(dpe);
                return dpe.ExitCode;
            case ArgumentException or FormatException:
                Console.Error.WriteLine($"dp: {ex.Message}");
                if (debug) Console.Error.WriteLine(ex);
                return ExitCodes.Usage;
            default:
                Console.Error.WriteLine($"dp: internal error: {ex.GetType().Name}: {ex.Message}");
                Console.Error.WriteLine(debug ? ex.ToString() : "(set DP_DEBUG=1 for the stack trace)");
                return ExitCodes.Internal;
        }
    }
}
