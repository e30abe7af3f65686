namespace DataPlatform.Lake;

/// <summary>Where each kind of object lives in a lake (see ARCHITECTURE.md, "The lake").</summary>
public static class LakeLayout
{
    public const string Shards = "shards/";
    public const string Commits = "_commits/";
    public const string Rejects = "rejects/";
    public const string Stats = "stats/";
    public const string Feedback = "feedback/";
    public const string Runs = "runs/";

    public const string SampleKind = "samples";
    public const string RejectKind = "rejects";

    public static string SampleShard(int bucketH, int bucketW, string run, int seq) =>
        $"{Shards}bucket={bucketH}x{bucketW}/{run}-{seq:D5}.parquet";

    public static string RejectShard(string run, int seq) => $"{Rejects}{run}-{seq:D5}.parquet";

    public static string Commit(string run, int seq) => $"{Commits}{run}-{seq:D5}.json";
}
