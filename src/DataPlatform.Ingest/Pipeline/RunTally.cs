using DataPlatform.Core;
using DataPlatform.Ingest.Dedup;
using DataPlatform.Lake;

namespace DataPlatform.Ingest.Pipeline;

/// <summary>
/// The single writer's state: in-run exact dedup by sample id, near-duplicate dropping against the lake
/// and the run, lake appends and every summary counter. Not thread-safe, by design: one consumer.
/// </summary>
internal sealed class RunTally(ILakeWriter writer, IngestOptions options, ExistingSamples existing, TimeProvider clock)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly NearDuplicateIndex? _near = options.DropNearDuplicates ? Seed(options.NearDuplicateDistance, existing) : null;
    private readonly Dictionary<RejectReason, long> _rejected = [];
    private readonly Dictionary<string, long> _perBucket = new(StringComparer.Ordinal);
    private long _accepted, _inRun, _inLake, _animated, _bytesIn, _bytesOut, _rejectsKnown;

    public long Done => _accepted + _rejected.Values.Sum() + _inRun + _inLake;

    public async ValueTask HandleAsync(ItemOutcome outcome, CancellationToken ct)
    {
        _bytesIn += outcome.BytesIn;
        switch (outcome)
        {
            case ItemOutcome.LakeDuplicate:
                _inLake++;
                break;
            case ItemOutcome.Rejected r:
                await RejectAsync(r.Uri, r.Reason, r.Detail, ct);
                break;
            case ItemOutcome.Accepted a when !_seen.Add(a.Sample.SampleId):
                _inRun++;
                break;
            case ItemOutcome.Accepted a when _near?.FindNear(a.Sample.Phash) is (var keptId, var distance):
                await RejectAsync(a.Sample.SourceUri, RejectReason.NearDuplicate,
                    $"{a.Sample.SourceUri}: pHash within {distance} bits of stored sample {keptId} (threshold {options.NearDuplicateDistance})", ct);
                break;
            case ItemOutcome.Accepted a:
                await writer.AppendAsync(a.Sample, ct);
                _near?.Add(a.Sample.Phash, a.Sample.SampleId);
                _accepted++;
                _bytesOut += a.Sample.Image.Length;
                if (a.FramesDropped > 0) _animated++;
                var bucket = $"{a.Sample.BucketH}x{a.Sample.BucketW}";
                _perBucket[bucket] = _perBucket.GetValueOrDefault(bucket) + 1;
                break;
        }
    }

    private async ValueTask RejectAsync(string uri, RejectReason reason, string detail, CancellationToken ct)
    {
        _rejected[reason] = _rejected.GetValueOrDefault(reason) + 1;
        if (existing.Rejects.Contains((uri, reason)))
        {
            _rejectsKnown++;
            return;
        }
        await writer.RejectAsync(new RejectRecord
        {
            SourceUri = uri,
            Reason = reason,
            Detail = detail,
            IngestRun = writer.Run,
            RejectedAt = clock.GetUtcNow(),
        }, ct);
    }

    public IngestProgress Progress(long enumerated, bool sourceFinished) =>
        new(enumerated, Done, _accepted, _rejected.Values.Sum(), _inRun + _inLake, sourceFinished);

    public IngestSummary Summary(string source, long inputs, IReadOnlyList<CommitRecord> commits, TimeSpan elapsed) => new()
    {
        Run = writer.Run,
        Source = source,
        Inputs = inputs,
        Accepted = _accepted,
        RejectedByReason = new SortedDictionary<RejectReason, long>(_rejected),
        DuplicatesInRun = _inRun,
        DuplicatesInLake = _inLake,
        AnimatedFirstFrame = _animated,
        RejectsAlreadyRecorded = _rejectsKnown,
        BytesIn = _bytesIn,
        BytesOut = _bytesOut,
        PerBucket = new SortedDictionary<string, long>(_perBucket, StringComparer.Ordinal),
        Commits = commits,
        Elapsed = elapsed,
    };

    private static NearDuplicateIndex Seed(int distance, ExistingSamples existing)
    {
        var index = new NearDuplicateIndex(distance);
        foreach (var (id, phash) in existing.Phashes) index.Add(phash, id);
        return index;
    }
}
