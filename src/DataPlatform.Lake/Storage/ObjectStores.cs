using System.Text.RegularExpressions;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>Opens the object store behind a lake location given on the command line or in a pipeline file.</summary>
public static partial class ObjectStores
{
    /// <summary>
    /// A local folder path gives a <see cref="LocalObjectStore"/>; <c>s3://bucket/prefix</c> is recognised
    /// but not available yet (it arrives with the scheduler issue, issue 7). With
    /// <paramref name="create"/> false a missing folder is an error instead of a new, empty lake.
    /// </summary>
    public static IObjectStore Open(string location, bool create = true)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (string.IsNullOrWhiteSpace(location))
        {
            throw new InvalidInputException("lake location must not be empty");
        }
        var scheme = SchemePattern().Match(location);
        if (scheme.Success)
        {
            var name = scheme.Groups[1].Value.ToLowerInvariant();
            throw new LakeLocationNotSupportedException(name == "s3"
                ? $"lake location '{location}': S3 lakes are not available in this build yet; the S3 object store arrives with the scheduler issue (issue 7). Use a local folder."
                : $"lake location '{location}': unknown scheme '{name}://'; use a local folder path or s3://bucket/prefix");
        }
        if (!create && !Directory.Exists(location))
        {
            throw new InvalidInputException($"no lake at '{Path.GetFullPath(location)}': the folder does not exist");
        }
        return new LocalObjectStore(location);
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*)://")]
    private static partial Regex SchemePattern();
}

/// <summary>A lake location whose kind of store this build cannot open (e.g. <c>s3://</c> before issue 7).</summary>
public sealed class LakeLocationNotSupportedException(string message) : DataPlatformException(message)
{
    public override int ExitCode => ExitCodes.Usage;
}
