namespace DataPlatform.Cli.Commands;

/// <summary>
/// Runs a command action so its failures reach <see cref="CommandRunner.Report"/> (one message, the
/// exit code of the failure, no stack trace). System.CommandLine's default exception handler would
/// otherwise catch them first, print the stack trace and exit 1.
/// </summary>
internal static class Guarded
{
    public static async Task<int> RunAsync(Func<Task<int>> action, CancellationToken ct)
    {
        try
        {
            return await action();
        }
        catch (Exception ex)
        {
            return CommandRunner.Report(ex, ct.IsCancellationRequested);
        }
    }
}
