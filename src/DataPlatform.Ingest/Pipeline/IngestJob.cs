using DataPlatform.Core;
using DataPlatform.Ingest.Captions;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Dedup;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;

namespace DataPlatform.Ingest.Pipeline;

/// <summary>
/// One complete ingest as the CLI and scheduled pipelines run it: validate every option at once, open
/// the source (a missing source is an <see cref="InvalidInputException"/>, exit 65, before the lake
/// is touched), read what the lake already holds, run, commit.
/// </summary>
public static class IngestJob
{
    public static async Task<IngestSummary> RunAsync(
        SourceOptions source, IObjectStore lake, IngestOptions options, ConceptVocabulary vocabulary,
        LakeWriterOptions lakeOptions, TimeProvider clock, Random random,
        IProgress<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        var v = new Validation();
        source.Validate(v);
        options.Validate(v);
        lakeOptions.Validate(v);
        v.ThrowIfInvalid();

        var input = SourceFactory.Open(source, options.MaxImageBytes, new CaptionValidator(options.MaxCaptionChars).ReadBound);
        var existing = await ExistingSamples.ReadAsync(new LakeReader(lake), ct);
        await using var writer = LakeWriter.Create(lake, RunIds.New(clock, random), lakeOptions, clock);
        return await new IngestRunner(options, vocabulary, clock).RunAsync(input, writer, existing, progress, ct);
    }
}
