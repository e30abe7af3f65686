using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>Creates lake writers.</summary>
public static class LakeWriter
{
    /// <summary>
    /// A Parquet writer of run <paramref name="run"/> into <paramref name="store"/>. Options are validated
    /// (every failure reported at once as a <see cref="ConfigException"/>). When commits of the same run
    /// id already exist, sequence numbers continue after the highest. Run ids must be unique among
    /// concurrent writers (<see cref="RunIds.New"/>).
    /// </summary>
    public static ParquetLakeWriter Create(IObjectStore store, string run, LakeWriterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        RunIds.Validate(run);
        var validation = new Validation();
        options.Validate(validation);
        validation.ThrowIfInvalid();
        return new ParquetLakeWriter(store, run, options, time);
    }
}
