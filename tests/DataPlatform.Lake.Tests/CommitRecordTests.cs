using System.Text;
using DataPlatform.Core;
using DataPlatform.Lake;
using DataPlatform.Testing;

namespace DataPlatform.Lake.Tests;

public class CommitRecordTests
{
    private static readonly CommitRecord Valid = new()
    {
        Kind = LakeLayout.SampleKind,
        Shard = LakeLayout.SampleShard(256, 512, "run-1", 3),
        Run = "run-1",
        Seq = 3,
        BucketH = 256,
        BucketW = 512,
        RowCount = 10,
        ByteSize = 1234,
        Sha256 = new string('a', 64),
        SchemaVersion = LakeSchema.Version,
        CommittedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void A_record_round_trips_through_json_with_snake_case_names()
    {
        var json = CommitRecords.Serialize(Valid);
        Assert.Contains("\"row_count\": 10", Encoding.UTF8.GetString(json));
        Assert.Equal(Valid, CommitRecords.Parse(LakeLayout.Commit("run-1", 3), json));
    }

    [Fact]
    public async Task A_malformed_commit_record_is_a_clear_error_naming_its_key()
    {
        using var lake = new TempLake();
        var key = LakeLayout.Commit("run-1", 1);
        await lake.Store.PutAsync(key, new MemoryStream("{\"kind\": \"samples\", \"shard\": "u8.ToArray()));

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => lake.Reader.ListCommitsAsync());
        Assert.Contains($"commit record '{key}' is malformed", ex.Message);
        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
    }

    [Theory]
    [InlineData("kind", "\"kind\": \"images\"", "kind must be 'samples' or 'rejects', was 'images'")]
    [InlineData("sha256", "\"sha256\": \"ABC\"", "sha256 must be 64 lower-case hex digits, was 'ABC'")]
    [InlineData("row_count", "\"row_count\": -1", "row_count must be at least 0, was -1")]
    [InlineData("schema_version", "\"schema_version\": 99", "schema_version must be in [1, 1]")]
    [InlineData("shard", "\"shard\": \"shards/bucket=256x512/../../etc/passwd\"", "shard must be 'shards/bucket=256x512/run-1-00003.parquet'")]
    [InlineData("bucket_h", "\"bucket_h\": null", "bucket_h and bucket_w must be positive")]
    public void Each_invalid_field_is_named_with_its_value(string field, string replacement, string expected)
    {
        var json = Encoding.UTF8.GetString(CommitRecords.Serialize(Valid));
        var line = json.Split('\n').Single(l => l.TrimStart().StartsWith($"\"{field}\"", StringComparison.Ordinal));
        var broken = json.Replace(line.Trim().TrimEnd(','), replacement);

        var ex = Assert.Throws<InvalidInputException>(() => CommitRecords.Parse(LakeLayout.Commit("run-1", 3), Encoding.UTF8.GetBytes(broken)));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("_commits/run-1-00003.json", ex.Message);
    }

    [Fact]
    public void A_record_stored_under_another_key_is_refused()
    {
        var ex = Assert.Throws<InvalidInputException>(() => CommitRecords.Parse(LakeLayout.Commit("run-1", 4), CommitRecords.Serialize(Valid)));
        Assert.Contains("belong under '_commits/run-1-00003.json'", ex.Message);
    }

    [Theory]
    [InlineData("_commits/run-1-00007.json", "run-1", 7)]
    [InlineData("_commits/run-1-123456.json", "run-1", 123456)]
    [InlineData("_commits/run-1-2-00001.json", "run-1", null)]
    [InlineData("_commits/run-10-00001.json", "run-1", null)]
    [InlineData("_commits/run-1-00001.json.bak", "run-1", null)]
    public void Sequence_numbers_are_parsed_only_from_keys_of_the_same_run(string key, string run, int? expected)
    {
        Assert.Equal(expected, CommitRecords.SeqOf(key, run));
    }

    [Fact]
    public void Run_ids_are_sortable_by_time_and_valid_in_keys()
    {
        var time = new ManualTimeProvider();
        var random = new Random(42);
        var first = RunIds.New(time, random);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = RunIds.New(time, random);

        Assert.Matches("^20261128T120000Z-[0-9a-f]{6}$", first);
        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.Equal(first, RunIds.New(new ManualTimeProvider(), new Random(42)));
        RunIds.Validate(first);
        Assert.Throws<ArgumentException>(() => RunIds.Validate("../evil"));
        Assert.Throws<ArgumentException>(() => RunIds.Validate("a/b"));
    }
}
