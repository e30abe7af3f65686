using DataPlatform.Lake;

namespace DataPlatform.Scheduling.Jobs;

/// <summary>
/// Opens a lake location for a job. <c>s3://</c> goes to <see cref="S3ObjectStore"/> with options from the
/// environment (<see cref="S3LakeOptions.FromEnvironment"/>); everything else to <see cref="ObjectStores.Open"/>.
/// An adapter until the lake's own factory routes <c>s3://</c>.
/// </summary>
public static class LakeStores
{
    public static IObjectStore Open(string location, bool create = true) =>
        S3Location.IsS3(location)
            ? new S3ObjectStore(S3Location.Parse(location), S3LakeOptions.FromEnvironment(Environment.GetEnvironmentVariable))
            : ObjectStores.Open(location, create);
}
