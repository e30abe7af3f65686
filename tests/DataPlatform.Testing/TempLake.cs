using DataPlatform.Lake;

namespace DataPlatform.Testing;

/// <summary>
/// A fresh, empty lake in a temporary folder (a real <see cref="LocalObjectStore"/>), with a fixed clock,
/// removed on dispose.
/// </summary>
public sealed class TempLake : IDisposable
{
    private readonly TempDirectory _folder = new("dp-lake");

    public TempLake()
    {
        Store = new LocalObjectStore(_folder.Path);
        Reader = new LakeReader(Store);
    }

    /// <summary>The lake's root folder.</summary>
    public string Path => _folder.Path;

    public LocalObjectStore Store { get; }

    public LakeReader Reader { get; }

    public ManualTimeProvider Time { get; } = new();

    /// <summary>The local file behind <paramref name="key"/>.</summary>
    public string FileOf(string key) => Store.TryGetLocalPath(key)!;

    /// <summary>A writer of <paramref name="run"/> into this lake (small defaults unless <paramref name="options"/> says otherwise).</summary>
    public ParquetLakeWriter Writer(string run, LakeWriterOptions? options = null) =>
        LakeWriter.Create(Store, run, options ?? new LakeWriterOptions(), Time);

    public void Dispose() => _folder.Dispose();
}
