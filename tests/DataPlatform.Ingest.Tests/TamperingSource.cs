using System.Runtime.CompilerServices;
using DataPlatform.Ingest.Sources;

namespace DataPlatform.Ingest.Tests;

/// <summary>Wraps a real source and runs an action just before each item is handed on (deleting files, folders...).</summary>
internal sealed class TamperingSource(IIngestSource inner, Action<int, SourceItem> beforeYield) : IIngestSource
{
    public string Description => inner.Description;

    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var index = 0;
        await foreach (var item in inner.ReadAsync(ct))
        {
            beforeYield(index++, item);
            yield return item;
        }
    }
}
