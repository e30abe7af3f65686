using DataPlatform.Core;
using DataPlatform.Lake;

namespace DataPlatform.Ingest.Pipeline;

/// <summary>
/// The outcome of a run. It reconciles exactly: <c>Inputs = Accepted + Rejected + ExactDuplicates</c>,
/// where <c>Rejected</c> is the sum over <see cref="RejectedByReason"/> (one row each in the lake's
/// <c>rejects/</c>). Exact duplicates (same sample id as an earlier input of the run or a committed
/// sample) are counted only, not stored. Near duplicates, when dropped, are rejects with reason
/// <c>near_duplicate</c> (stored, naming the kept sample and the distance) and are also shown as
/// <see cref="NearDuplicates"/>. A refusal the lake already records (same source and reason, from an
/// earlier run) is counted but not written again (<see cref="RejectsAlreadyRecorded"/>), so re-running
/// over the same input adds nothing to the lake.
/// </summary>
public sealed record IngestSummary
{
    public required string Run { get; init; }
    public required string Source { get; init; }
    public required long Inputs { get; init; }
    public required long Accepted { get; init; }
    public required IReadOnlyDictionary<RejectReason, long> RejectedByReason { get; init; }
    public required long DuplicatesInRun { get; init; }
    public required long DuplicatesInLake { get; init; }

    /// <summary>Accepted inputs that were animated and cut to their first frame (policy <c>first_frame</c>).</summary>
    public required long AnimatedFirstFrame { get; init; }

    /// <summary>Rejected inputs whose refusal an earlier run already recorded in the lake (not written again).</summary>
    public required long RejectsAlreadyRecorded { get; init; }

    /// <summary>Source image bytes read (all inputs whose image was read).</summary>
    public required long BytesIn { get; init; }

    /// <summary>Encoded image bytes stored (accepted samples).</summary>
    public required long BytesOut { get; init; }

    /// <summary>Accepted samples per bucket name (<c>HxW</c>).</summary>
    public required IReadOnlyDictionary<string, long> PerBucket { get; init; }

    public required IReadOnlyList<CommitRecord> Commits { get; init; }
    public required TimeSpan Elapsed { get; init; }

    public long Rejected => RejectedByReason.Values.Sum();

    public long NearDuplicates => RejectedByReason.GetValueOrDefault(RejectReason.NearDuplicate);

    public long ExactDuplicates => DuplicatesInRun + DuplicatesInLake;

    /// <summary>Inputs per second of wall time.</summary>
    public double InputsPerSecond => Elapsed.TotalSeconds > 0 ? Inputs / Elapsed.TotalSeconds : 0;

    /// <summary>True when every input is accounted for exactly once.</summary>
    public bool Reconciles => Inputs == Accepted + Rejected + ExactDuplicates && PerBucket.Values.Sum() == Accepted;
}
