using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>The members of one WebDataset key, collected until the key changes; then flushed as inputs.</summary>
internal sealed class TarKeyGroup(string shard, string jsonKey)
{
    private readonly List<(string Where, Func<byte[]> Bytes)> _images = [];
    private readonly Dictionary<string, Func<int, RawCaption>> _captions = [];

    public string? Key { get; private set; }

    public long MembersSeen { get; set; }

    public void Start(string key)
    {
        Key = key;
        _images.Clear();
        _captions.Clear();
    }

    public void AddImage(string where, Func<byte[]> bytes) => _images.Add((where, bytes));

    public void AddCaption(string ext, Func<int, RawCaption> read) => _captions.TryAdd(ext, read);

    /// <summary>One input per image of the key (sharing its caption), or one <c>bad_entry</c> for a caption without an image.</summary>
    public IEnumerable<SourceItem> Flush()
    {
        if (Key is null) yield break;
        var caption = ImageExtensions.Caption.Where(_captions.ContainsKey).Select(ext => _captions[ext]).FirstOrDefault();
        if (_images.Count == 0 && caption is not null)
        {
            var where = $"{shard}#{Key}";
            yield return SourceItem.Failed(where, RejectReason.BadEntry, $"{where} has a caption but no image member");
        }
        foreach (var (where, bytes) in _images)
        {
            var read = caption ?? (_ => throw new ItemRejectedException(RejectReason.MissingCaption,
                $"{where} has no caption member ({Key}.txt, {Key}.caption or {Key}.json with '{jsonKey}')"));
            yield return new SourceItem { SourceUri = where, OpenImage = _ => new MemoryStream(bytes(), writable: false), ReadCaption = read };
        }
        Key = null;
    }
}
