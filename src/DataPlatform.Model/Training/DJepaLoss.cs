using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>
/// Losses of one batch: Flow and Pred are the batch means (graph attached, for backward); the per-sample
/// values (B), detached, feed the data feedback, with the mean noise time t of each sample's flow tokens. Total = Flow + Pred.
/// </summary>
public sealed record LossResult(Tensor Total, Tensor Flow, Tensor Pred, Tensor FlowPerSample, Tensor PredPerSample, Tensor TimePerSample, MaskPlan Mask);

/// <summary>
/// L_flow on masked tokens, each repeated R (4) times with fresh (t, noise), plus L_pred = Smooth-L1 (β 2)
/// between u(z_i) and the detached target-encoder feature of token i, both averaged over masked tokens.
/// Letters: B batch, N tokens, Nm masked, R repeats, C channels, D width, Dp predictor width.
/// </summary>
public static class DJepaLoss
{
    public static LossResult Compute(DJepaT2I model, DJepaT2I target, TokenGrid grid, TextBatch text, MaskPlan mask, Generator gen)
    {
        var config = model.Config;
        var tokens = grid.Tokens;  // (B, N, C)
        long b = tokens.shape[0], nm = mask.MaskedCount, c = tokens.shape[2];

        // context encoder + feature predictor
        var z = model.PredictFeatures(tokens, mask.VisibleIdx, grid.Height, grid.Width, model.EncodeText(text), text.Mask);  // (B, N, Dp)
        var zMasked = z.gather(1, mask.MaskedIdx.unsqueeze(-1).expand(-1, -1, z.shape[2]));  // (B, Nm, Dp)
        var xMasked = tokens.gather(1, mask.MaskedIdx.unsqueeze(-1).expand(-1, -1, c));  // (B, Nm, C)

        // L_flow: R repeats per masked token
        int r = config.FlowRepeats;
        var zRep = zMasked.repeat_interleave(r, dim: 1).reshape(b * nm * r, -1);  // (B·Nm·R, Dp)
        var xRep = xMasked.repeat_interleave(r, dim: 1).reshape(b * nm * r, c);  // (B·Nm·R, C)
        var tokenLoss = model.TokenHead.Loss(xRep, zRep, gen);
        var flowPerSample = tokenLoss.PerToken.view(b, nm * r).mean([1]);  // (B)
        var timePerSample = tokenLoss.Time.view(b, nm * r).mean([1]);  // (B)

        // L_pred: target encoder φ̄ on all tokens, no gradient
        Tensor targetMasked;
        using (no_grad())
        {
            var targetFeatures = target.TargetFeatures(tokens, grid.Height, grid.Width, text);  // (B, N, D)
            targetMasked = targetFeatures.gather(1, mask.MaskedIdx.unsqueeze(-1).expand(-1, -1, targetFeatures.shape[2])).detach();  // (B, Nm, D)
        }
        var predicted = model.PredictTarget(zMasked);  // (B, Nm, D)
        var predPerSample = nn.functional.smooth_l1_loss(predicted, targetMasked, reduction: nn.Reduction.None, beta: config.SmoothL1Beta)
            .mean([2]).mean([1]);  // (B)

        var flow = flowPerSample.mean();
        var pred = predPerSample.mean();
        return new LossResult(flow.add(pred), flow, pred, flowPerSample.detach(), predPerSample.detach(), timePerSample.detach(), mask);
    }
}
