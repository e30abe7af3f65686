using System.Formats.Tar;
using System.Runtime.CompilerServices;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// WebDataset-style tar shards (one <c>.tar</c>, or a folder of them read in ordinal order): members
/// sharing a key (the member path up to the first '.' of its file name) form one sample,
/// <c>key.jpg</c> + <c>key.txt</c> (or <c>.caption</c>, <c>.json</c>). Nothing is ever extracted: image
/// bytes are read into memory (bounded by the byte cap) and captions with a read bound.
/// Inputs are: every image member; every unsafe member (<c>../</c> or absolute path, symbolic or hard
/// link, device, FIFO: refused as <c>bad_entry</c>); every key with a caption but no image
/// (<c>bad_entry</c>); a shard that cannot be read further (<c>unreadable</c>).
/// </summary>
public sealed class TarShardSource : IIngestSource
{
    private readonly string _path;
    private readonly string _jsonKey;
    private readonly long _maxImageBytes;
    private readonly int _maxCaptionBytes;

    public TarShardSource(string path, string jsonCaptionKey, long maxImageBytes, int maxCaptionBytes)
    {
        _path = Path.GetFullPath(path);
        _jsonKey = jsonCaptionKey;
        _maxImageBytes = maxImageBytes;
        _maxCaptionBytes = maxCaptionBytes;
        if (!File.Exists(_path) && !Directory.Exists(_path)) throw new InvalidInputException($"tar source '{path}' does not exist");
    }

    public string Description => $"tar shards {_path}";

    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var shards = Directory.Exists(_path)
            ? Directory.GetFiles(_path, "*.tar").Order(StringComparer.Ordinal).ToArray()
            : [_path];
        foreach (var shard in shards)
        {
            await foreach (var item in ReadShardAsync(shard, ct)) yield return item;
        }
    }

    private async IAsyncEnumerable<SourceItem> ReadShardAsync(string shard, [EnumeratorCancellation] CancellationToken ct)
    {
        var (stream, openError) = Open(shard);
        if (stream is null)
        {
            yield return SourceItem.Failed(shard, RejectReason.Unreadable, $"tar shard {shard} could not be opened: {openError}");
            yield break;
        }
        await using var _ = stream;
        using var reader = new TarReader(stream, leaveOpen: true);
        var group = new TarKeyGroup(shard, _jsonKey);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (entry, error) = Next(reader);
            if (error is not null)
            {
                foreach (var item in group.Flush()) yield return item;
                yield return SourceItem.Failed(shard, RejectReason.Unreadable,
                    $"tar shard {shard} could not be read past member {group.MembersSeen}: {error}");
                yield break;
            }
            if (entry is null) break;
            var where = $"{shard}#{entry.Name}";
            if (TarMemberSafety.Check(entry) is { } unsafeReason)
            {
                yield return SourceItem.Failed(where, RejectReason.BadEntry, $"{where}: {unsafeReason}; not read, nothing written");
                continue;
            }
            if (entry.EntryType == TarEntryType.Directory) continue;
            var name = entry.Name.Replace('\\', '/');
            var slash = name.LastIndexOf('/');
            var dot = name.IndexOf('.', slash + 1);
            if (dot < 0) continue; // no extension: neither image nor caption
            var key = name[..dot];
            var ext = name[(dot + 1)..].ToLowerInvariant();
            if (key != group.Key)
            {
                foreach (var item in group.Flush()) yield return item;
                group.Start(key);
            }
            group.MembersSeen++;
            if (ImageExtensions.IsImage(ext)) group.AddImage(where, ReadImage(entry, where));
            else if (ImageExtensions.Caption.Contains(ext)) group.AddCaption(ext, ReadCaption(entry, where, ext));
        }
        foreach (var item in group.Flush()) yield return item;
    }

    private static (Stream? Stream, string? Error) Open(string shard)
    {
        try
        {
            return (new FileStream(shard, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }
    }

    private static (TarEntry? Entry, string? Error) Next(TarReader reader)
    {
        try
        {
            return (reader.GetNextEntry(copyData: false), null);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or EndOfStreamException)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The image bytes, or the reason they were not read (too large, empty, truncated).</summary>
    private Func<byte[]> ReadImage(TarEntry entry, string where)
    {
        if (entry.Length > _maxImageBytes)
            return () => throw new ItemRejectedException(RejectReason.TooLarge, $"{where} has {entry.Length} bytes, the cap is {_maxImageBytes}");
        if (entry.Length == 0 || entry.DataStream is null)
            return () => throw new ItemRejectedException(RejectReason.EmptyFile, $"{where} has zero bytes");
        try
        {
            var bytes = BoundedRead.ReadImage(entry.DataStream, _maxImageBytes, where);
            return () => bytes;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            var message = ex.Message;
            return () => throw new ItemRejectedException(RejectReason.Unreadable, $"{where} could not be read: {message}");
        }
    }

    private Func<int, RawCaption> ReadCaption(TarEntry entry, string where, string ext)
    {
        var bound = ext == "json" ? _maxCaptionBytes + 4096 : _maxCaptionBytes;
        RawCaption raw;
        try
        {
            var (bytes, truncated) = entry.DataStream is null ? ([], false) : BoundedRead.ReadPrefix(entry.DataStream, bound);
            raw = new RawCaption(bytes, truncated, "tar");
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            var message = ex.Message;
            return _ => throw new ItemRejectedException(RejectReason.Unreadable, $"{where} could not be read: {message}");
        }
        return max => ext == "json"
            ? JsonCaption.Extract(raw, _jsonKey, where)
            : raw.Bytes.Length > max ? raw with { Bytes = raw.Bytes[..max], Truncated = true } : raw;
    }
}
