namespace DataPlatform.Ingest.Pipeline;

/// <summary>A progress snapshot reported by the writer while a run goes on.</summary>
/// <param name="Enumerated">Inputs the source has yielded so far.</param>
/// <param name="Done">Inputs fully handled (accepted, rejected or counted as duplicates).</param>
/// <param name="SourceFinished">True once the source has no more inputs (<see cref="Enumerated"/> is then the total).</param>
public sealed record IngestProgress(long Enumerated, long Done, long Accepted, long Rejected, long Duplicates, bool SourceFinished);
