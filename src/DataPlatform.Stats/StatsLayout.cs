namespace DataPlatform.Stats;

/// <summary>
/// Where the tables of statistics and training live in a lake (extends <see cref="Lake.LakeLayout"/>):
/// <list type="bullet">
/// <item><c>stats/weights/&lt;version&gt;.parquet</c>: a sampling-weights snapshot (sample_id, weight, w_stat, version), immutable.</item>
/// <item><c>stats/weights/current.json</c>: the manifest naming the current snapshot (<see cref="WeightsManifest"/>).</item>
/// <item><c>stats/weights/statistical.json</c>: the manifest naming the latest snapshot of <c>dp weights</c> (statistics only),
/// which stays put when a training run publishes its feedback weights as current.</item>
/// <item><c>feedback/&lt;train-run&gt;/critic_scores/*.parquet</c>: critic scores written by training.</item>
/// <item><c>runs/&lt;train-run&gt;/train_log/*.parquet</c>: per-step training metrics.</item>
/// <item><c>feedback/&lt;train-run&gt;/losses/*.parquet</c>: per-sample losses of every step.</item>
/// </list>
/// Column lists: <see cref="LakeColumns"/> and <c>schemas/sql/*.sql</c>.
/// </summary>
public static class StatsLayout
{
    public const string WeightsFolder = "stats/weights/";
    public const string WeightsManifest = WeightsFolder + "current.json";
    public const string StatisticalWeightsManifest = WeightsFolder + "statistical.json";
    public const string CriticScoresFolder = "critic_scores";
    public const string TrainLogFolder = "train_log";
    public const string SampleLossesFolder = "losses";

    public static string Weights(string version) => $"{WeightsFolder}{version}.parquet";

    public static string CriticScores(string trainRun, string file) => $"{Lake.LakeLayout.Feedback}{trainRun}/{CriticScoresFolder}/{file}";

    public static string TrainLog(string trainRun, string file) => $"{Lake.LakeLayout.Runs}{trainRun}/{TrainLogFolder}/{file}";
}
