using System.Runtime.CompilerServices;
using DataPlatform.Core;

namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A folder tree of images with caption sidecars: <c>x.jpg</c> + <c>x.txt</c> (or <c>x.caption</c>,
/// or <c>x.json</c> with the caption under a configurable key). Every file with an image extension is
/// one input; sidecars without an image are ignored. Each folder is listed once, in ordinal order,
/// when the walk reaches it, so a file or folder that vanishes later becomes an <c>unreadable</c>
/// reject, and a sub-folder that vanishes before it is listed becomes one.
/// </summary>
public sealed class FolderSource : IIngestSource
{
    private readonly string _root;
    private readonly string _jsonKey;

    public FolderSource(string root, string jsonCaptionKey = "caption")
    {
        _root = Path.GetFullPath(root);
        _jsonKey = jsonCaptionKey;
        if (!Directory.Exists(_root)) throw new InvalidInputException($"source folder '{root}' does not exist");
    }

    public string Description => $"folder {_root}";

    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var pending = new Stack<string>();
        pending.Push(_root);
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            var (files, subdirs, error) = List(dir);
            if (error is not null)
            {
                yield return SourceItem.Failed(dir, RejectReason.Unreadable, $"folder {dir} could not be listed: {error}");
                continue;
            }
            for (var i = subdirs.Length - 1; i >= 0; i--) pending.Push(subdirs[i]);

            var names = new HashSet<string>(files.Select(Path.GetFileName)!, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var ext = Path.GetExtension(file).TrimStart('.');
                if (!ImageExtensions.IsImage(ext)) continue;
                yield return ForImage(dir, file, names);
            }
            await Task.Yield();
        }
    }

    private SourceItem ForImage(string dir, string file, HashSet<string> names)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var sidecar = ImageExtensions.Caption.FirstOrDefault(ext => names.Contains($"{stem}.{ext}"));
        return new SourceItem
        {
            SourceUri = file,
            OpenImage = _ => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan),
            ReadCaption = max =>
            {
                if (sidecar is null)
                    throw new ItemRejectedException(RejectReason.MissingCaption,
                        $"no caption sidecar for {file} (looked for {stem}.txt, {stem}.caption, {stem}.json)");
                var path = Path.Combine(dir, $"{stem}.{sidecar}");
                if (sidecar != "json") return BoundedRead.ReadCaptionFile(path, max, sidecar);
                // JSON needs room for the key and quoting around the caption.
                var json = BoundedRead.ReadCaptionFile(path, max + 4096, sidecar);
                return JsonCaption.Extract(json, _jsonKey, path);
            },
        };
    }

    private static (string[] Files, string[] Subdirs, string? Error) List(string dir)
    {
        try
        {
            var files = Directory.GetFiles(dir);
            var subdirs = Directory.GetDirectories(dir);
            Array.Sort(files, StringComparer.Ordinal);
            Array.Sort(subdirs, StringComparer.Ordinal);
            return (files, subdirs, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ([], [], ex.Message);
        }
    }
}
