using TorchSharp;
using static TorchSharp.torch;

namespace DataPlatform.Model;

/// <summary>Generated tokens (B, N, C) on an h x w grid and how often each position was revealed (B, N), always 1.</summary>
public sealed record GenerationResult(TokenGrid Grid, Tensor RevealCounts);

/// <summary>
/// Next set-of-tokens generation: all N tokens start masked, one random order per image, T steps. Step k
/// runs φ and γ on the current tokens and reveals tokens so that floor(N·cos(π/2·(k+1)/T)) stay masked (at least
/// one per step); each revealed token is sampled by the per-token head. CFG runs a cond and a null-caption half.
/// Each image draws its order and noise from its own stream (<see cref="RowSeed"/>), so an image depends on the seed
/// and its row, not on the batch it shares. No KV cache: every step re-encodes all visible tokens.
/// Letters: B batch, N tokens, C channels, R tokens revealed this step, Dp predictor width.
/// </summary>
public static class Sampler
{
    public static GenerationResult Generate(DJepaT2I model, TextBatch text, int h, int w, GenerationOptions options)
    {
        if (h < 1 || w < 1) throw new ArgumentException($"token grid must be at least 1x1, was {h}x{w}");
        if (options.Steps < 1) throw new ArgumentException($"generation steps must be at least 1, was {options.Steps}");
        using var noGrad = no_grad();
        model.eval();
        var rows = Enumerable.Range(0, (int)text.Ids.shape[0]).Select(r => new Generator((ulong)RowSeed(options.Seed, options.FirstRow + r))).ToArray();
        try
        {
            return Generate(model, text, h, w, options, rows);
        }
        finally
        {
            foreach (var row in rows) row.Dispose();
        }
    }

    /// <summary>SplitMix64 of (seed, row): neighbouring seeds and rows get unrelated streams.</summary>
    public static long RowSeed(long seed, long row)
    {
        unchecked
        {
            ulong z = (ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(row + 1);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)(z ^ (z >> 31));
        }
    }

    private static GenerationResult Generate(DJepaT2I model, TextBatch text, int h, int w, GenerationOptions options, Generator[] rows)
    {
        long b = text.Ids.shape[0], c = model.Config.TokenChannels;
        int n = h * w;
        bool guided = options.Cfg != 1.0;
        var device = model.Device;
        text = text.To(device);

        var order = stack(rows.Select(g => rand([n], generator: g)).ToArray()).argsort(1).to(device);  // (B, N)
        var tokens = zeros([b, n, c], device: device);  // (B, N, C)
        var counts = zeros([b, n], dtype: int64, device: device);  // (B, N)
        var nullText = model.TextEncoder.NullCaption(b).To(device);
        var both = guided ? TextBatches.Concat(text, nullText, model.TextEncoder.PadId) : text;
        var textFeatures = model.EncodeText(both);  // (B or 2B, L, Dt)

        int masked = n;
        for (int k = 0; k < options.Steps && masked > 0; k++)
        {
            using var scope = NewDisposeScope();
            int next = k == options.Steps - 1 ? 0 : (int)Math.Floor(n * Math.Cos(Math.PI / 2 * (k + 1) / options.Steps));
            next = Math.Clamp(next, 0, masked - 1);
            int revealed = n - masked, reveal = masked - next;
            var visibleIdx = order.narrow(1, 0, revealed);  // (B, Nv)
            var revealIdx = order.narrow(1, revealed, reveal);  // (B, R)

            var tokensIn = guided ? cat([tokens, tokens], 0) : tokens;
            var visibleIn = guided ? cat([visibleIdx, visibleIdx], 0) : visibleIdx;
            var z = model.PredictFeatures(tokensIn, visibleIn, h, w, textFeatures, both.Mask);  // (B or 2B, N, Dp)
            var revealIn = guided ? cat([revealIdx, revealIdx], 0) : revealIdx;
            var zReveal = z.gather(1, revealIn.unsqueeze(-1).expand(-1, -1, z.shape[2])).reshape(-1, z.shape[2]);  // (B·R or 2B·R, Dp)

            double cfg = !guided ? 1.0 : options.LinearCfgSchedule ? 1 + (options.Cfg - 1) * (n - next) / n : options.Cfg;
            var noise = cat(rows.Select(g => randn([reveal, c], generator: g)).ToArray());  // (B·R, C), rows in zReveal's order
            var sampled = model.TokenHead.Sample(zReveal, noise, cfg, options.Token).view(b, reveal, c);  // (B, R, C)
            tokens.scatter_(1, revealIdx.unsqueeze(-1).expand(-1, -1, c), sampled);
            counts.scatter_add_(1, revealIdx, ones_like(revealIdx));
            masked = next;
        }
        return new GenerationResult(new TokenGrid(tokens, h, w), counts);
    }
}
