using System.Globalization;

namespace DataPlatform.Stats;

/// <summary>
/// The long-tail report of a lake, read from the views (one query per section) of a report session.
/// </summary>
public sealed record LongTailReport(
    string Lake,
    long Samples,
    long ShardRows,
    long CommittedSampleShards,
    long Rejects,
    IReadOnlyList<ReasonCount> RejectsByReason,
    IReadOnlyList<BucketCount> Buckets,
    IReadOnlyList<ConceptRow> Concepts,
    ConceptSummary Summary,
    CaptionLengths Captions)
{
    /// <summary>Rows of committed shards that repeat a sample already stored (resolved by sample id).</summary>
    public long DuplicateRows => ShardRows - Samples;

    /// <summary>The least frequent concepts, rarest first.</summary>
    public IEnumerable<ConceptRow> Rarest(int n) => Concepts.OrderByDescending(c => c.Rank).Take(n);

    public static LongTailReport Read(LakeSession session)
    {
        var samples = session.Scalar<long>("SELECT count(*) FROM sample_facts");
        var shardRows = session.Scalar<long>("SELECT coalesce(sum(row_count), 0)::BIGINT FROM lake_commits WHERE kind = 'samples'");
        var rejects = session.Query("SELECT reason, count(*)::BIGINT AS n FROM rejects GROUP BY reason ORDER BY n DESC, reason").Rows
            .Select(r => new ReasonCount((string)r[0]!, L(r[1]))).ToList();
        var buckets = session.Query("SELECT bucket_h, bucket_w, samples, share FROM bucket_stats").Rows
            .Select(r => new BucketCount(I(r[0]), I(r[1]), L(r[2]), D(r[3]))).ToList();
        var concepts = session.Query(
                "SELECT concept, frequency, rank, share, sample_share, cumulative_share, class FROM concept_stats ORDER BY rank").Rows
            .Select(r => new ConceptRow((string)r[0]!, L(r[1]), L(r[2]), D(r[3]), D(r[4]), D(r[5]), (string)r[6]!)).ToList();
        var s = session.Query("SELECT * FROM concept_summary").Rows[0];
        var summary = new ConceptSummary(L(s[0]), L(s[1]), s[2] is null ? null : D(s[2]),
            L(s[3]), L(s[4]), L(s[5]), D(s[6]), D(s[7]), D(s[8]));
        var c = session.Query("SELECT * FROM caption_lengths").Rows[0];
        var captions = c[0] is null
            ? new CaptionLengths(0, 0, 0, 0, 0, 0, 0)
            : new CaptionLengths(L(c[0]), L(c[1]), L(c[2]), L(c[3]), L(c[4]), L(c[5]), D(c[6]));
        return new LongTailReport(session.Lake.Root, samples, shardRows, session.Lake.Samples.Count,
            rejects.Sum(r => r.Count), rejects, buckets, concepts, summary, captions);
    }

    private static long L(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static int I(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static double D(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}

public sealed record ReasonCount(string Reason, long Count);

public sealed record BucketCount(int BucketH, int BucketW, long Samples, double Share);

public sealed record ConceptRow(string Concept, long Frequency, long Rank, double Share, double SampleShare, double CumulativeShare, string Class);

/// <summary>One row of the <c>concept_summary</c> view.</summary>
public sealed record ConceptSummary(
    long Concepts, long Occurrences, double? Gini,
    long HeadConcepts, long TorsoConcepts, long TailConcepts,
    double HeadShare, double TorsoShare, double TailShare);

/// <summary>Caption length in characters: min, percentiles (nearest rank), max, mean.</summary>
public sealed record CaptionLengths(long Min, long P10, long P50, long P90, long P99, long Max, double Mean);
