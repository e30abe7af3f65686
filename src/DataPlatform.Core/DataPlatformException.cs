namespace DataPlatform.Core;

/// <summary>
/// The one small family of exceptions for data and I/O failures. Caller bugs use the standard
/// exceptions (<see cref="ArgumentException"/>, <see cref="InvalidOperationException"/>).
/// Messages carry evidence: what was expected, what was found, and where.
/// </summary>
public class DataPlatformException : Exception
{
    public DataPlatformException(string message, Exception? inner = null, bool isTransient = false)
        : base(message, inner)
    {
        IsTransient = isTransient;
    }

    /// <summary>True where retrying the same operation may succeed (throttling, a 5xx, a timeout).</summary>
    public bool IsTransient { get; }

    /// <summary>The process exit code a command should end with when this escapes it.</summary>
    public virtual int ExitCode => ExitCodes.IoError;
}

/// <summary>Input data is not what it claims to be (corrupt file, bad manifest row, unreadable shard).</summary>
public class InvalidInputException(string message, Exception? inner = null)
    : DataPlatformException(message, inner)
{
    public override int ExitCode => ExitCodes.BadInput;
}

/// <summary>Configuration or options failed validation; <see cref="Errors"/> lists every failure at once.</summary>
public sealed class ConfigException(IReadOnlyList<string> errors)
    : DataPlatformException(FormatMessage(errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;

    public override int ExitCode => ExitCodes.Usage;

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        errors.Count == 1
            ? errors[0]
            : $"{errors.Count} configuration errors:{Environment.NewLine}  " +
              string.Join(Environment.NewLine + "  ", errors);
}
