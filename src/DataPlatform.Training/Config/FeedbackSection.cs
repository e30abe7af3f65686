using DataPlatform.Core;

namespace DataPlatform.Training;

/// <summary>
/// Data feedback (PAPER-NOTES, "Data feedback"). Every step's per-sample losses are logged; a small critic is
/// trained online on them and every <see cref="RefreshEvery"/> steps scores the whole index. The new weights:
/// <code>
///   g(s)   = clamp((score(s) / mean score) ^ strength, min_factor, max_factor)
///   w(s)   = (1 − floor) · w_stat(s) · g(s) / Σ w_stat · g  +  floor / n
/// </code>
/// where w_stat is the statistical weight the run started from, so hard samples are drawn more, mastered ones
/// less, and nothing starves.
/// </summary>
public sealed record FeedbackSection
{
    /// <summary>Off: the stream keeps its starting weights (losses are still logged). Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Critic training, scoring and weight swap every K steps. Default 200.</summary>
    public long RefreshEvery { get; init; } = 200;

    /// <summary>Exponent of the critic factor (0 = no effect). Default 1.</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>Clamp of the critic factor g. Defaults 0.25 and 4.</summary>
    public double MinFactor { get; init; } = 0.25;

    public double MaxFactor { get; init; } = 4.0;

    /// <summary>Share of the mass spread uniformly. Default 0.1.</summary>
    public double Floor { get; init; } = 0.1;

    /// <summary>Critic: hidden width, learning rate, passes over the records of a refresh, minibatch. Defaults 64, 3e-3, 3, 256.</summary>
    public int CriticHidden { get; init; } = 64;

    public double CriticLr { get; init; } = 3e-3;

    public int CriticEpochs { get; init; } = 3;

    public int CriticBatch { get; init; } = 256;

    /// <summary>Publish each refreshed weights table as the lake's current snapshot (sample_weights view). Default true.</summary>
    public bool PublishWeights { get; init; } = true;

    public void Validate(Validation v)
    {
        v.AtLeast("feedback.refresh_every", RefreshEvery, 1).InRange("feedback.strength", Strength, 0, 8)
         .InRange("feedback.min_factor", MinFactor, 0, 1).AtLeast("feedback.max_factor", MaxFactor, 1)
         .InRange("feedback.floor", Floor, 0, 1).AtLeast("feedback.critic_hidden", CriticHidden, 1)
         .InRange("feedback.critic_lr", CriticLr, 1e-8, 1).AtLeast("feedback.critic_epochs", CriticEpochs, 1)
         .AtLeast("feedback.critic_batch", CriticBatch, 1);
    }
}
