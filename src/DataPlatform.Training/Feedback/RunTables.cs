using DataPlatform.Lake;
using DataPlatform.Stats;

namespace DataPlatform.Training;

/// <summary>One row of train_log.</summary>
public sealed record TrainLogRow(long Step, double LossFlow, double LossPred, double Lr, double SamplesPerSecond, double DataWaitShare,
    double Mfu, DateTimeOffset LoggedAt);

/// <summary>
/// The lake tables a run writes, buffered between checkpoints and flushed just before each one, so a resumed run
/// rewrites exactly the same files for the steps it redoes (named by their step range) instead of duplicating rows:
/// <list type="bullet">
/// <item><c>runs/&lt;run&gt;/train_log/steps-&lt;first&gt;-&lt;last&gt;.parquet</c>: one row per step (<see cref="LakeColumns.TrainLog"/>).</item>
/// <item><c>feedback/&lt;run&gt;/losses/steps-&lt;first&gt;-&lt;last&gt;.parquet</c>: one row per sample per step: train_run, step, sample_id, loss_flow, loss_pred, t.</item>
/// <item><c>feedback/&lt;run&gt;/critic_scores/step-&lt;step&gt;.parquet</c>: every sample's critic score at a refresh.</item>
/// </list>
/// </summary>
public sealed class RunTables(IObjectStore store, string run)
{
    public const string LossesFolder = "losses";
    private readonly List<TrainLogRow> _log = [];
    private readonly List<(long Step, string SampleId, double Flow, double Pred, double T)> _losses = [];

    public static string LossesKey(string run, string file) => $"{LakeLayout.Feedback}{run}/{LossesFolder}/{file}";

    public void AddStep(TrainLogRow row, IReadOnlyList<string> sampleIds, IReadOnlyList<float> flow, IReadOnlyList<float> pred, IReadOnlyList<float> t)
    {
        _log.Add(row);
        for (int i = 0; i < sampleIds.Count; i++) _losses.Add((row.Step, sampleIds[i], flow[i], pred[i], t[i]));
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_log.Count == 0) return;
        var name = $"steps-{_log[0].Step:D8}-{_log[^1].Step:D8}.parquet";
        await new ParquetTable()
            .Strings("train_run", Enumerable.Repeat(run, _log.Count).ToArray())
            .Longs("step", _log.Select(r => r.Step).ToArray())
            .Doubles("loss_flow", _log.Select(r => r.LossFlow).ToArray())
            .Doubles("loss_pred", _log.Select(r => r.LossPred).ToArray())
            .Doubles("lr", _log.Select(r => r.Lr).ToArray())
            .Doubles("samples_per_s", _log.Select(r => r.SamplesPerSecond).ToArray())
            .Doubles("data_wait_share", _log.Select(r => r.DataWaitShare).ToArray())
            .Doubles("mfu", _log.Select(r => r.Mfu).ToArray())
            .Timestamps("logged_at", _log.Select(r => r.LoggedAt).ToArray())
            .PutAsync(store, StatsLayout.TrainLog(run, name), ct);
        await new ParquetTable()
            .Strings("train_run", Enumerable.Repeat(run, _losses.Count).ToArray())
            .Longs("step", _losses.Select(r => r.Step).ToArray())
            .Strings("sample_id", _losses.Select(r => r.SampleId).ToArray())
            .Doubles("loss_flow", _losses.Select(r => r.Flow).ToArray())
            .Doubles("loss_pred", _losses.Select(r => r.Pred).ToArray())
            .Doubles("t", _losses.Select(r => r.T).ToArray())
            .PutAsync(store, LossesKey(run, name), ct);
        _log.Clear();
        _losses.Clear();
    }

    public Task WriteCriticScoresAsync(long step, IReadOnlyList<string> sampleIds, IReadOnlyList<double> scores, DateTimeOffset at, CancellationToken ct) =>
        new ParquetTable()
            .Strings("train_run", Enumerable.Repeat(run, sampleIds.Count).ToArray())
            .Longs("step", Enumerable.Repeat(step, sampleIds.Count).ToArray())
            .Strings("sample_id", sampleIds.ToArray())
            .Doubles("score", scores.ToArray())
            .Timestamps("scored_at", Enumerable.Repeat(at, sampleIds.Count).ToArray())
            .PutAsync(store, StatsLayout.CriticScores(run, $"step-{step:D8}.parquet"), ct);
}
