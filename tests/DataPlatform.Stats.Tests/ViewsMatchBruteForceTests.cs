using DataPlatform.Core;
using System.Globalization;

namespace DataPlatform.Stats.Tests;

public sealed class ViewsMatchBruteForceTests(ZipfLakeFixture fixture) : IClassFixture<ZipfLakeFixture>
{
    private readonly TestLake _lake = fixture.Lake;

    private static long L(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);

    private static double D(object? v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Samples_view_holds_each_sample_once_and_the_first_commit_wins()
    {
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        var expected = _lake.Distinct();
        Assert.True(expected.Count < _lake.Written.Count, "the fixture must contain duplicate rows across writers");

        Assert.Equal(expected.Count, session.Scalar<long>("SELECT count(*) FROM samples"));
        Assert.Equal(expected.Count, session.Scalar<long>("SELECT count(DISTINCT sample_id) FROM samples"));
        // The 150 samples stored again by run-c keep run-a's row (run-a committed first).
        Assert.Equal(0, session.Scalar<long>("SELECT count(*) FROM samples WHERE ingest_run = 'run-c'"));
        Assert.Equal(_lake.Written.Count, session.Scalar<long>("SELECT sum(row_count)::BIGINT FROM lake_commits WHERE kind = 'samples'"));
    }

    [Theory]
    [InlineData(SessionKind.Interactive)]
    [InlineData(SessionKind.Report)]
    public async Task Sample_facts_hold_exactly_the_rows_of_samples(SessionKind kind)
    {
        using var session = await _lake.OpenAsync(kind);
        Assert.Equal(_lake.Distinct().Count, session.Scalar<long>("SELECT count(*) FROM sample_facts"));
        var mismatched = session.Scalar<long>(
            "SELECT count(*) FROM samples s FULL JOIN sample_facts f USING (sample_id) " +
            "WHERE s.sample_id IS NULL OR f.sample_id IS NULL OR s.bucket_h <> f.bucket_h OR length(s.caption) <> f.caption_chars " +
            "OR list_sort(list_distinct(s.concepts)) <> list_sort(f.concepts)");
        Assert.Equal(0, mismatched);
    }

    [Fact]
    public async Task Samples_view_exposes_metadata_columns_but_never_the_image()
    {
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        var columns = session.Query("SELECT column_name FROM (DESCRIBE samples)").Rows.Select(r => (string)r[0]!).ToList();
        Assert.Equal(LakeColumns.Samples.Select(c => c.Name), columns);
        Assert.DoesNotContain("image", columns);
    }

    [Fact]
    public async Task Concept_stats_match_a_brute_force_count()
    {
        using var session = await _lake.OpenAsync();
        var expected = BruteForce.Concepts(_lake.Distinct());
        var rows = session.Query("SELECT concept, frequency, rank, share, cumulative_share, class FROM concept_stats ORDER BY rank").Rows;

        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            Assert.Equal(e.Name, rows[i][0]);
            Assert.Equal(e.Frequency, L(rows[i][1]));
            Assert.Equal(e.Rank, L(rows[i][2]));
            Assert.Equal(e.Share, D(rows[i][3]), 12);
            Assert.Equal(e.CumulativeShare, D(rows[i][4]), 12);
            Assert.Equal(e.Class, rows[i][5]);
        }
        // A Zipf lake has all three classes; the head is a few concepts, the tail many.
        var classes = expected.GroupBy(c => c.Class).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(classes["head"] < classes["tail"], $"head {classes["head"]} should be smaller than tail {classes["tail"]}");
        Assert.True(classes.ContainsKey("torso"));
    }

    [Fact]
    public async Task Gini_and_class_shares_match_a_brute_force_count()
    {
        using var session = await _lake.OpenAsync();
        var concepts = BruteForce.Concepts(_lake.Distinct());
        var row = session.Query("SELECT concepts, occurrences, gini, tail_concepts, tail_share FROM concept_summary").Rows[0];

        Assert.Equal(concepts.Count, L(row[0]));
        Assert.Equal(concepts.Sum(c => c.Frequency), L(row[1]));
        Assert.Equal(BruteForce.Gini(concepts.Select(c => c.Frequency).ToList()), D(row[2]), 9);
        Assert.Equal(concepts.Count(c => c.Class == "tail"), L(row[3]));
        Assert.Equal(concepts.Where(c => c.Class == "tail").Sum(c => c.Share), D(row[4]), 9);
    }

    [Fact]
    public async Task Bucket_stats_match_a_brute_force_count()
    {
        using var session = await _lake.OpenAsync();
        var expected = BruteForce.Buckets(_lake.Distinct());
        var rows = session.Query("SELECT bucket_h, bucket_w, samples, share FROM bucket_stats").Rows;

        Assert.Equal(expected.Count, rows.Count);
        var total = expected.Values.Sum();
        foreach (var r in rows)
        {
            var key = ((int)L(r[0]), (int)L(r[1]));
            Assert.Equal(expected[key], L(r[2]));
            Assert.Equal((double)expected[key] / total, D(r[3]), 12);
        }
    }

    [Fact]
    public async Task Cooccurrence_matches_a_brute_force_count()
    {
        using var session = await _lake.OpenAsync();
        var expected = BruteForce.Cooccurrence(_lake.Distinct());
        var rows = session.Query("SELECT concept_a, concept_b, samples FROM cooccurrence").Rows;

        Assert.Equal(expected.Count, rows.Count);
        foreach (var r in rows)
        {
            Assert.Equal(expected[((string)r[0]!, (string)r[1]!)], L(r[2]));
        }
    }

    [Fact]
    public async Task Rejects_by_reason_match_what_was_written()
    {
        using var session = await _lake.OpenAsync();
        var expected = _lake.Rejects.GroupBy(r => r.Reason.Code()).ToDictionary(g => g.Key, g => (long)g.Count());
        var rows = session.Query("SELECT reason, count(*) FROM rejects GROUP BY reason").Rows;

        Assert.Equal(expected.Count, rows.Count);
        foreach (var r in rows) Assert.Equal(expected[(string)r[0]!], L(r[1]));
        Assert.Equal(50, expected.Values.Sum());
    }

    [Fact]
    public async Task Caption_lengths_match_a_brute_force_count()
    {
        using var session = await _lake.OpenAsync();
        var lengths = _lake.Distinct().Select(s => (long)s.Caption.Length).Order().ToList();
        var report = LongTailReport.Read(session);

        Assert.Equal(lengths[0], report.Captions.Min);
        Assert.Equal(lengths[^1], report.Captions.Max);
        Assert.Equal(BruteForce.QuantileDisc(lengths, 0.5), report.Captions.P50);
        Assert.Equal(BruteForce.QuantileDisc(lengths, 0.9), report.Captions.P90);
        Assert.Equal(lengths.Average(), report.Captions.Mean, 9);
    }

    [Fact]
    public async Task Training_tables_exist_empty_with_their_columns_until_training_writes_them()
    {
        using var session = await _lake.OpenAsync(SessionKind.Interactive);
        foreach (var (view, columns) in new[]
                 {
                     ("critic_scores", LakeColumns.CriticScores), ("sample_weights", LakeColumns.SampleWeights), ("train_log", LakeColumns.TrainLog),
                     ("sample_losses", LakeColumns.SampleLosses),
                 })
        {
            Assert.Equal(0, session.Scalar<long>($"SELECT count(*) FROM {view}"));
            var names = session.Query($"SELECT column_name FROM (DESCRIBE {view})").Rows.Select(r => (string)r[0]!);
            Assert.Equal(columns.Select(c => c.Name), names);
        }
    }
}
