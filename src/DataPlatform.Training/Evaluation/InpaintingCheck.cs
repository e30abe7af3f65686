using System.Text.RegularExpressions;
using DataPlatform.Curation;
using DataPlatform.Model;
using DataPlatform.ShapeWorld.Scenes;
using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Training.Evaluation;

/// <summary>The flow loss on masked tokens when a share of the grid is visible.</summary>
public sealed record InpaintingPoint(double MaskRatio, int VisibleTokens, int Tokens, double FlowLoss, double PredLoss);

/// <summary>
/// Mean flow loss with nothing visible over the samples whose caption names a word of one kind (colours, shapes):
/// given the caption, and with those words swapped for others of the kind.
/// </summary>
public sealed record WordEffect(int Samples, double RightWords, double SwappedWords)
{
    /// <summary>Share by which the right words lower the loss against swapped ones.</summary>
    public double Gain => 1 - RightWords / SwappedWords;
}

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
        var grid = Encode(model, batch);  // once for every ratio; sets eval mode
        var text = model.Ema.TextEncoder.Tokenize(batch.Captions, model.Config.MaxTextTokens).To(grid.Tokens.device);
        int n = grid.Height * grid.Width;
        var points = new List<InpaintingPoint>();
        foreach (var ratio in ratios)
        {
            using var scope = NewDisposeScope();
            var gen = new Generator((ulong)seed);
            var mask = Masking.Plan(batch.Count, n, ratio, gen, grid.Tokens.device);
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
        using var outer = NewDisposeScope();
        var grid = Encode(model, batch);
        var encoder = model.Ema.TextEncoder;
        return (NothingVisibleFlowLoss(model, grid, encoder.Tokenize(batch.Captions, model.Config.MaxTextTokens), seed).Average(),
            NothingVisibleFlowLoss(model, grid, encoder.NullCaption(batch.Count), seed).Average());
    }

    /// <summary>
    /// The colour part of the caption effect, on the samples whose caption names a palette colour: the flow loss with
    /// nothing visible given the caption, and given it with every colour word replaced by a distant colour
    /// (<see cref="SwapColours"/>). Equal losses mean the model does not read colour words; null without such samples.
    /// </summary>
    public static WordEffect? ColourWordEffect(TrainedModel model, TrainingBatch batch, long seed = 1) =>
        WordSwapEffect(model, batch, SwapColours, seed);

    /// <summary>The same for shape words (<see cref="SwapShapes"/>): does the model read which shape a caption names?</summary>
    public static WordEffect? ShapeWordEffect(TrainedModel model, TrainingBatch batch, long seed = 1) =>
        WordSwapEffect(model, batch, SwapShapes, seed);

    /// <summary>Every palette colour word replaced by the colour four places on (red -> purple, blue -> orange, ...).</summary>
    public static string SwapColours(string caption) => ColourWord.Replace(caption,
        m => Palette.Colours[(Palette.IndexOf(m.Value) + Palette.Colours.Count / 2) % Palette.Colours.Count].Name);

    /// <summary>Every shape word, singular or plural, replaced by the shape two places on (circle -> triangle, squares -> stars, ...).</summary>
    public static string SwapShapes(string caption) => ShapeWord.Replace(caption,
        m => ShapeKinds.All[((int)ShapeKinds.TryParse(m.Groups[1].Value)!.Value + 2) % ShapeKinds.All.Count].Name() + m.Groups[2].Value);

    private static readonly Regex ColourWord = new($@"\b({string.Join("|", Palette.Colours.Select(c => c.Name))})\b",
        RegexOptions.Compiled | RegexOptions.IgnoreCase);

    private static readonly Regex ShapeWord = new($@"\b({string.Join("|", ShapeKinds.All.Select(k => k.Name()))})(s?)\b",
        RegexOptions.Compiled | RegexOptions.IgnoreCase);

    private static WordEffect? WordSwapEffect(TrainedModel model, TrainingBatch batch, Func<string, string> swap, long seed)
    {
        var swapped = batch.Captions.Select(swap).ToArray();
        var named = Enumerable.Range(0, batch.Count).Where(i => swapped[i] != batch.Captions[i]).ToArray();
        if (named.Length == 0) return null;
        using var outer = NewDisposeScope();
        var grid = Encode(model, batch);
        var encoder = model.Ema.TextEncoder;
        var right = NothingVisibleFlowLoss(model, grid, encoder.Tokenize(batch.Captions, model.Config.MaxTextTokens), seed);
        var wrong = NothingVisibleFlowLoss(model, grid, encoder.Tokenize(swapped, model.Config.MaxTextTokens), seed);
        return new WordEffect(named.Length, named.Average(i => right[i]), named.Average(i => wrong[i]));
    }

    private static TokenGrid Encode(TrainedModel model, TrainingBatch batch)
    {
        model.Ema.eval();
        using var noGrad = no_grad();
        return model.Tokenizer.Encode(tensor(batch.Pixels, [batch.Count, 3, batch.Height, batch.Width]).to(model.Ema.Device));
    }

    /// <summary>Per-sample flow loss with every token masked; the same masks, noise and t for every call with one seed.</summary>
    private static float[] NothingVisibleFlowLoss(TrainedModel model, TokenGrid grid, TextBatch text, long seed)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var gen = new Generator((ulong)seed);
        var mask = Masking.Plan(grid.Tokens.shape[0], grid.Height * grid.Width, 1.0, gen, grid.Tokens.device);
        return DJepaLoss.Compute(model.Ema, model.Ema, grid, text.To(grid.Tokens.device), mask, gen).FlowPerSample.data<float>().ToArray();
    }
}
