using DataPlatform.Curation;
using DataPlatform.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Training.Evaluation;

/// <summary>The flow loss on masked tokens when a share of the grid is visible.</summary>
public sealed record InpaintingPoint(double MaskRatio, int VisibleTokens, int Tokens, double FlowLoss, double PredLoss);

/// <summary>
/// CALIBRATION.md's model check: on a trained model, the error of masked-token predictions must fall as more
/// tokens are visible; flat means the in-painting path is untrained or broken, and generation can only sample a
/// caption-conditioned per-position marginal (speckle). Every ratio sees the same batch, order, noise and t
/// (one generator seed per ratio), so the curve differs only by what is visible.
/// </summary>
public static class InpaintingCheck
{
    public static IReadOnlyList<InpaintingPoint> Measure(TrainedModel model, TrainingBatch batch, IReadOnlyList<double> ratios, long seed = 1)
    {
        using var noGrad = no_grad();
        using var outer = NewDisposeScope();
        model.Ema.eval();
        var grid = model.Tokenizer.Encode(tensor(batch.Pixels, [batch.Count, 3, batch.Height, batch.Width]));  // once for every ratio
        var text = model.Ema.TextEncoder.Tokenize(batch.Captions, model.Config.MaxTextTokens);
        int n = grid.Height * grid.Width;
        var points = new List<InpaintingPoint>();
        foreach (var ratio in ratios)
        {
            using var scope = NewDisposeScope();
            var gen = new Generator((ulong)seed);
            var mask = Masking.Plan(batch.Count, n, ratio, gen);
            var loss = DJepaLoss.Compute(model.Ema, model.Ema, grid, text, mask, gen);
            points.Add(new InpaintingPoint(ratio, n - mask.MaskedCount, n, loss.Flow.item<float>(), loss.Pred.item<float>()));
        }
        return points;
    }

    /// <summary>
    /// The same check for the caption: the flow loss with nothing visible, given the batch's captions and given the
    /// null caption (same masks, noise and t). A model that reads its captions does better with them; equal losses
    /// mean generation cannot follow the prompt.
    /// </summary>
    public static (double WithCaptions, double WithNullCaption) CaptionEffect(TrainedModel model, TrainingBatch batch, long seed = 1)
    {
        using var noGrad = no_grad();
        using var outer = NewDisposeScope();
        model.Ema.eval();
        var grid = model.Tokenizer.Encode(tensor(batch.Pixels, [batch.Count, 3, batch.Height, batch.Width]));
        int n = grid.Height * grid.Width;
        double FlowLoss(TextBatch text)
        {
            using var scope = NewDisposeScope();
            var gen = new Generator((ulong)seed);
            var mask = Masking.Plan(batch.Count, n, 1.0, gen);
            return DJepaLoss.Compute(model.Ema, model.Ema, grid, text, mask, gen).Flow.item<float>();
        }
        return (FlowLoss(model.Ema.TextEncoder.Tokenize(batch.Captions, model.Config.MaxTextTokens)), FlowLoss(model.Ema.TextEncoder.NullCaption(batch.Count)));
    }
}
