using System.Text.RegularExpressions;
using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>Opens the object store behind a lake location given on the command line or in a pipeline file.</summary>
public static partial class ObjectStores
{
    /// <summary>
    /// A local folder path gives a <see cref="LocalObjectStore"/>; <c>s3://bucket/prefix</c> gives an
    /// <see cref="S3ObjectStore"/> configured from the environment (<see cref="S3LakeOptions.FromEnvironment"/>, read from <paramref name="environment"/>, the process environment by default:
    /// endpoint, region, path style, credentials). With <paramref name="create"/> false a missing local
    /// folder is an error instead of a new, empty lake. Dispose the store when it is <see cref="IDisposable"/>.
    /// </summary>
    public static IObjectStore Open(string location, bool create = true, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (string.IsNullOrWhiteSpace(location))
        {
            throw new InvalidInputException("lake location must not be empty");
        }
        if (S3Location.IsS3(location))
        {
            environment ??= Environment.GetEnvironmentVariable;
            return new S3ObjectStore(S3Location.Parse(location), S3LakeOptions.FromEnvironment(environment), environment: environment);
        }
        var scheme = SchemePattern().Match(location);
        if (scheme.Success)
        {
            var name = scheme.Groups[1].Value.ToLowerInvariant();
            throw new LakeLocationNotSupportedException(
                $"lake location '{location}': unknown scheme '{name}://'; use a local folder path or s3://bucket/prefix");
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

/// <summary>A lake location whose kind of store this build cannot open (an unknown scheme such as <c>ftp://</c>).</summary>
public sealed class LakeLocationNotSupportedException(string message) : DataPlatformException(message)
{
    public override int ExitCode => ExitCodes.Usage;
}
