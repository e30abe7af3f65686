using System.Globalization;
using System.Text.Json.Nodes;
using DataPlatform.Core;
using DataPlatform.Ingest;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Pipeline;
using DataPlatform.Ingest.Sources;
using DataPlatform.Lake;
using DataPlatform.Ingest.Dedup;
using DataPlatform.Scheduling.Pipelines;
using DataPlatform.Scheduling.Sources;
using DataPlatform.Stats;

namespace DataPlatform.Scheduling.Jobs;

/// <summary>
/// Runs one job of a pipeline once, in this process: the same code for <c>dp pipeline run</c> and for
/// the scheduler's Quartz jobs. Failures are returned as a <see cref="JobOutcome"/> (never thrown),
/// except cancellation, which propagates so the caller can tell an interrupted run.
/// </summary>
public sealed class PipelineJobRunner(TimeProvider clock)
{
    public async Task<JobOutcome> RunAsync(PipelineDefinition pipeline, JobDefinition job, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        try
        {
            var message = await RunKindAsync(pipeline, job, ct);
            return new JobOutcome(JobOutcome.Succeeded, message, started, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (DataPlatformException ex)
        {
            return new JobOutcome(JobOutcome.Failed, ex.Message, started, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            return new JobOutcome(JobOutcome.Failed, $"{ex.GetType().Name}: {ex.Message}", started, clock.GetUtcNow());
        }
    }

    private async Task<string> RunKindAsync(PipelineDefinition pipeline, JobDefinition job, CancellationToken ct)
    {
        if (job.Kind == JobKind.Train)
        {
            return await TrainJobProcess.RunAsync(pipeline.Resolve(Str(job.Options, "config")!), job.Options["steps"]?.GetValue<long>(), ct);
        }
        var store = ObjectStores.Open(pipeline.Resolve(pipeline.Lake));
        try
        {
            return job.Kind switch
            {
                JobKind.Ingest => await IngestAsync(pipeline, job.Options, store, ct),
                JobKind.Stats => await StatsAsync(pipeline, job.Options, store, ct),
                JobKind.Weights => await WeightsAsync(job.Options, store, ct),
                JobKind.Vacuum => await VacuumAsync(job.Options, store, ct),
                _ => throw new ArgumentOutOfRangeException(nameof(job), job.Kind, "unknown job kind"),
            };
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private async Task<string> IngestAsync(PipelineDefinition pipeline, JsonObject o, IObjectStore store, CancellationToken ct)
    {
        var source = new SourceOptions
        {
            Path = pipeline.Resolve(Str(o, "source")!),
            Kind = Enum.Parse<SourceKind>(Str(o, "source_kind") ?? "auto", ignoreCase: true),
        };
        var defaults = new IngestOptions();
        var options = defaults with
        {
            TargetSides = o["target_sides"]?.AsArray().Select(n => n!.GetValue<int>()).ToArray() ?? defaults.TargetSides,
            Workers = o["workers"]?.GetValue<int>() ?? defaults.Workers,
        };
        var lakeOptions = new LakeWriterOptions(TargetShardBytes: o["target_shard_bytes"]?.GetValue<long>() ?? 128L * 1024 * 1024);
        var summary = Lake.S3Location.IsS3(source.Path)
            ? await S3IngestAsync(source.Path, store, options, lakeOptions, ct)
            : await IngestJob.RunAsync(source, store, options, ConceptVocabulary.Default(), lakeOptions, clock, Random.Shared, progress: null, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"run {summary.Run}: {summary.Inputs} inputs, {summary.Accepted} accepted, {summary.Rejected} rejected, " +
            $"{summary.ExactDuplicates} duplicates, {summary.Commits.Count} commits, {summary.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>An <c>s3://</c> source: the objects under the prefix (<see cref="S3PrefixSource"/>), the same steps as <see cref="IngestJob"/>.</summary>
    private async Task<IngestSummary> S3IngestAsync(string location, IObjectStore lake, IngestOptions options, LakeWriterOptions lakeOptions, CancellationToken ct)
    {
        var v = new Validation();
        options.Validate(v);
        lakeOptions.Validate(v);
        v.ThrowIfInvalid();
        using var sourceStore = (S3ObjectStore)ObjectStores.Open(location);
        var existing = await ExistingSamples.ReadAsync(new LakeReader(lake), ct);
        await using var writer = LakeWriter.Create(lake, RunIds.New(clock, Random.Shared), lakeOptions, clock);
        return await new IngestRunner(options, ConceptVocabulary.Default(), clock)
            .RunAsync(new S3PrefixSource(sourceStore), writer, existing, null, ct);
    }

    private static async Task<string> StatsAsync(PipelineDefinition pipeline, JsonObject o, IObjectStore store, CancellationToken ct)
    {
        using var session = await LakeSession.OpenAsync(store, LakeSessionOptions.Default, SessionKind.Report, ct: ct);
        var report = LongTailReport.Read(session);
        var folder = pipeline.Resolve(Str(o, "out") ?? "stats-report");
        var files = ReportWriter.Write(report, folder);
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Samples} samples, {report.Concepts.Count} concepts; {files.Count} files in {folder}");
    }

    private async Task<string> WeightsAsync(JsonObject o, IObjectStore store, CancellationToken ct)
    {
        var defaults = new WeightsOptions();
        var options = new WeightsOptions(
            o["alpha"]?.GetValue<double>() ?? defaults.Alpha, o["cap"]?.GetValue<long>(), o["floor"]?.GetValue<double>() ?? defaults.Floor);
        var v = new Validation();
        options.Validate(v);
        v.ThrowIfInvalid();
        using var session = await LakeSession.OpenAsync(store, LakeSessionOptions.Default, SessionKind.Report, ct: ct);
        var result = await WeightsSnapshot.ComputeAsync(session, store, options, clock, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"weights {result.Manifest.Version}: {result.Manifest.Samples} samples, key {result.Manifest.Key}");
    }

    private async Task<string> VacuumAsync(JsonObject o, IObjectStore store, CancellationToken ct)
    {
        var minAge = o["min_age_seconds"]?.GetValue<long>() is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var result = await LakeVacuum.RunAsync(store, new VacuumOptions(minAge, o["dry_run"]?.GetValue<bool>() ?? false), clock, ct);
        if (result.Errors.Count > 0)
        {
            throw new InvalidInputException($"vacuum found {result.Errors.Count} problems: {string.Join("; ", result.Errors)}");
        }
        return $"{(result.DryRun ? "would remove" : "removed")} {result.Removed.Count} orphans, {result.TooYoung.Count} too young to remove";
    }

    private static string? Str(JsonObject o, string key) => o[key]?.GetValue<string>();
}
