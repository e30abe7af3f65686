using DataPlatform.Model;
using DataPlatform.ShapeWorld.Rendering;
using static TorchSharp.torch;

namespace DataPlatform.Training.Generation;

/// <summary>
/// Text -> RGB images with a trained model: captions are cut into batches of <see cref="ImageGenerationOptions.BatchSize"/>,
/// each batch is sampled on the h x w token grid of the requested pixel size (<see cref="Sampler"/>) and decoded by the
/// visual tokenizer. Determinism: batch j samples with a seed mixed from the base seed and j, so the same captions,
/// options and seed give identical pixels. The sampler draws one random stream per batch, so image i depends on the
/// batch size as well as the seed (a per-image stream would need a per-row generator in the sampler).
/// </summary>
public sealed class ImageGenerator(DJepaT2I model, IVisualTokenizer tokenizer)
{
    public ImageGenerator(TrainedModel trained) : this(trained.Ema, trained.Tokenizer)
    {
    }

    public ModelConfig Config => model.Config;

    /// <summary>One image per caption, in order; <paramref name="progress"/> gets the number of images done after each batch.</summary>
    public IReadOnlyList<RgbImage> Generate(IReadOnlyList<string> captions, ImageGenerationOptions options,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(captions);
        options.Validate(model.Config);
        var size = options.SizeFor(model.Config);
        int p = tokenizer.PixelsPerToken, h = size.Height / p, w = size.Width / p;
        var images = new List<RgbImage>(captions.Count);
        for (int start = 0, batch = 0; start < captions.Count; start += options.BatchSize, batch++)
        {
            cancel.ThrowIfCancellationRequested();
            var chunk = captions.Skip(start).Take(options.BatchSize).ToList();
            using (NewDisposeScope())
            {
                var text = model.TextEncoder.Tokenize(chunk, model.Config.MaxTextTokens);
                var tokens = Sampler.Generate(model, text, h, w, options.ForSampler(BatchSeed(options.Seed, batch))).Grid.Tokens;  // (B, h·w, C)
                Tensor pixels;
                using (no_grad()) pixels = tokenizer.Decode(tokens, h, w);  // (B, 3, H, W)
                images.AddRange(TensorImages.ToRgb(pixels));  // bytes copied out before the scope frees the tensors
            }
            progress?.Report(images.Count);
        }
        return images;
    }

    /// <summary>SplitMix64 of (seed, batch): neighbouring seeds and batches get unrelated streams.</summary>
    public static long BatchSeed(long seed, int batch)
    {
        unchecked
        {
            ulong z = (ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(batch + 1);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)(z ^ (z >> 31));
        }
    }
}
