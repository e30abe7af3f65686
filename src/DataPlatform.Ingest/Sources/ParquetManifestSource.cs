using System.Runtime.CompilerServices;
using DataPlatform.Core;
using Parquet;
using Parquet.Schema;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A Parquet manifest in the img2dataset / LAION style: a caption column plus either an image-bytes
/// column (binary) or a path column (string path or <c>file://</c> URI); column names configurable.
/// When both exist, the bytes are used. Every row is one input. Memory: one row group's columns are
/// held at a time, so write such manifests with row groups of a few hundred images.
/// </summary>
public sealed class ParquetManifestSource : IIngestSource
{
    private readonly string _path;
    private readonly string _dir;
    private readonly SourceOptions _options;

    public ParquetManifestSource(string path, SourceOptions options)
    {
        _path = Path.GetFullPath(path);
        _dir = Path.GetDirectoryName(_path)!;
        _options = options;
        if (!File.Exists(_path)) throw new InvalidInputException($"manifest '{path}' does not exist");
    }

    public string Description => $"parquet manifest {_path}";

    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidInputException($"manifest {_path} is not a readable Parquet file: {ex.Message}", ex);
        }
        await using var _ = reader;
        var fields = reader.Schema.GetDataFields();
        var caption = fields.FirstOrDefault(f => f.Name == _options.CaptionColumn);
        var bytes = fields.FirstOrDefault(f => f.Name == _options.ImageBytesColumn);
        var path = fields.FirstOrDefault(f => f.Name == _options.PathColumn);
        if (caption is null || (bytes is null && path is null))
            throw new InvalidInputException(
                $"Parquet manifest {_path} needs a string column '{_options.CaptionColumn}' and a binary column " +
                $"'{_options.ImageBytesColumn}' or a string column '{_options.PathColumn}'; found " +
                $"[{string.Join(", ", fields.Select(f => f.Name))}]");

        long row = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var captions = new string?[n];
            await group.ReadAsync(caption, captions.AsMemory(), null, ct);
            byte[]?[]? images = null;
            string?[]? paths = null;
            if (bytes is not null)
            {
                images = new byte[]?[n];
                await group.ReadAsync(bytes, images.AsMemory(), null, ct);
            }
            else
            {
                paths = new string?[n];
                await group.ReadAsync(path!, paths.AsMemory(), null, ct);
            }
            for (var i = 0; i < n; i++, row++)
            {
                ct.ThrowIfCancellationRequested();
                var where = $"{_path}#row={row}";
                if (captions[i] is not { } text)
                {
                    yield return SourceItem.Failed(where, RejectReason.MissingCaption, $"{where} has a null '{_options.CaptionColumn}'");
                    continue;
                }
                var captionBytes = System.Text.Encoding.UTF8.GetBytes(text);
                yield return images is not null
                    ? BytesItem(where, images[i], captionBytes)
                    : ManifestPaths.FileItem(_dir, paths![i], captionBytes, where);
            }
        }
    }

    private SourceItem BytesItem(string where, byte[]? image, byte[] caption)
    {
        if (image is null)
            return SourceItem.Failed(where, RejectReason.EmptyFile, $"{where} has a null '{_options.ImageBytesColumn}'");
        return new SourceItem
        {
            SourceUri = where,
            OpenImage = _ => new MemoryStream(image, writable: false),
            ReadCaption = max => new RawCaption(caption.Length > max ? caption[..max] : caption, caption.Length > max, "manifest"),
        };
    }
}
