namespace DataPlatform.Core;

/// <summary>
/// Process exit codes of every <c>dp</c> command, after BSD sysexits.h so scripts can tell them apart.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but found problems it reports (e.g. <c>dp lake verify</c> found a bad shard).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad usage: unknown command or option, missing argument, invalid option or config value.</summary>
    public const int Usage = 64;

    /// <summary>Bad input data: a source, lake or file that cannot be read as what it claims to be.</summary>
    public const int BadInput = 65;

    /// <summary>Internal failure: a bug or an unexpected exception.</summary>
    public const int Internal = 70;

    /// <summary>An I/O failure of the environment (disk full, object store unreachable).</summary>
    public const int IoError = 74;

    /// <summary>Stopped by the user (Ctrl-C / SIGTERM) after a clean shutdown.</summary>
    public const int Cancelled = 130;
}
