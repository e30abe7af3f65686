using DataPlatform.Core;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;

namespace DataPlatform.Scheduling.Sources;

/// <summary>
/// An ingest source over objects under an S3 prefix (any <see cref="IObjectStore"/>): every image object
/// (<c>x.jpg</c>, <c>x.png</c>, ...) with a caption object beside it (<c>x.txt</c>, <c>x.caption</c> or
/// <c>x.json</c>), in key order. The listing happens when the run starts; image and caption bytes are
/// fetched lazily by the decode workers, each a bounded read. An image without a caption object is
/// refused as <c>missing_caption</c>, an object that cannot be read as <c>unreadable</c>.
/// </summary>
public sealed class S3PrefixSource(IObjectStore store, string jsonCaptionKey = "caption") : IIngestSource
{
    public string Description => $"objects under {store.Root}";

    public async IAsyncEnumerable<SourceItem> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync("", ct)) keys.Add(info.Key);
        var names = new HashSet<string>(keys, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var dot = key.LastIndexOf('.');
            if (dot <= key.LastIndexOf('/') + 1 || !ImageExtensions.IsImage(key[(dot + 1)..])) continue;
            var stem = key[..dot];
            var sidecar = ImageExtensions.Caption.FirstOrDefault(ext => names.Contains($"{stem}.{ext}"));
            var uri = $"{store.Root.TrimEnd('/')}/{key}";
            yield return new SourceItem
            {
                SourceUri = uri,
                OpenImage = token => Open(key, uri, token),
                ReadCaption = max => Caption(stem, sidecar, uri, max),
            };
        }
    }

    private Stream Open(string key, string uri, CancellationToken ct)
    {
        try
        {
            return store.OpenReadAsync(key, ct).GetAwaiter().GetResult();
        }
        catch (DataPlatformException ex)
        {
            throw new ItemRejectedException(RejectReason.Unreadable, $"{uri} could not be read: {ex.Message}");
        }
    }

    private RawCaption Caption(string stem, string? sidecar, string uri, int max)
    {
        if (sidecar is null)
        {
            throw new ItemRejectedException(RejectReason.MissingCaption,
                $"no caption object for {uri} (looked for {stem}.txt, {stem}.caption, {stem}.json)");
        }
        var key = $"{stem}.{sidecar}";
        var bound = sidecar == "json" ? max + 4096 : max;
        using var stream = Open(key, $"{store.Root.TrimEnd('/')}/{key}", CancellationToken.None);
        var (bytes, truncated) = BoundedRead.ReadPrefix(stream, bound);
        var raw = new RawCaption(bytes, truncated, sidecar);
        return sidecar == "json" ? JsonCaption.Extract(raw, jsonCaptionKey, key) : raw;
    }
}
