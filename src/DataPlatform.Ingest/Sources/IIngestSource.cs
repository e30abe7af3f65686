namespace DataPlatform.Ingest.Sources;

/// <summary>
/// A source of caption-image inputs. Opening a source that does not exist throws
/// <see cref="Core.InvalidInputException"/> (the run cannot start); once the run started, every
/// problem becomes a refused item, never an exception.
/// </summary>
public interface IIngestSource
{
    /// <summary>What the source is, for messages and the summary (e.g. <c>folder /data/pets</c>).</summary>
    string Description { get; }

    /// <summary>The inputs in a deterministic order; each one is an input of the run's summary.</summary>
    IAsyncEnumerable<SourceItem> ReadAsync(CancellationToken ct = default);
}
