using DataPlatform.Model;
using DataPlatform.ShapeWorld.Rendering;
using static TorchSharp.torch;

namespace DataPlatform.Training.Generation;

/// <summary>
/// Text -> RGB images with a trained model: captions are cut into batches of <see cref="ImageGenerationOptions.BatchSize"/>,
/// each batch is sampled on the h x w token grid of the requested pixel size (<see cref="Sampler"/>) and decoded by the
/// visual tokenizer. Determinism: image i samples from its own stream, mixed from the seed and i, so it has the same
/// pixels whatever the batch size and whichever captions share its batch.
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
        for (int start = 0; start < captions.Count; start += options.BatchSize)
        {
            cancel.ThrowIfCancellationRequested();
            var chunk = captions.Skip(start).Take(options.BatchSize).ToList();
            using (NewDisposeScope())
            {
                var text = model.TextEncoder.Tokenize(chunk, model.Config.MaxTextTokens);
                var tokens = GcPause.Run(() => Sampler.Generate(model, text, h, w, options.ForSampler(firstRow: start))).Grid.Tokens;  // (B, h·w, C)
                Tensor pixels;
                using (no_grad()) pixels = tokenizer.Decode(tokens, h, w);  // (B, 3, H, W)
                images.AddRange(TensorImages.ToRgb(pixels));  // bytes copied out before the scope frees the tensors
            }
            progress?.Report(images.Count);
        }
        return images;
    }
}
