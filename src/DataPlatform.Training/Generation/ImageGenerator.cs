using DataPlatform.Model;
using DataPlatform.ShapeWorld.Rendering;
using static TorchSharp.torch;

namespace DataPlatform.Training.Generation;

/// <summary>
/// Text -> RGB images with a trained model: captions are cut into batches of at most <see cref="ImageGenerationOptions.BatchSize"/>,
/// each batch is sampled on the h x w token grid of the requested pixel size (<see cref="Sampler"/>) and decoded by the
/// visual tokenizer; with <see cref="ImageGenerationOptions.Threads"/> two batches run side by side. Determinism:
/// image i samples from its own stream, mixed from the seed and i, so it has the same pixels whatever the batch size,
/// the threads, and whichever captions share its batch (up to float rounding: other batch shapes run other matmul blockings).
/// </summary>
public sealed class ImageGenerator(DJepaT2I model, IVisualTokenizer tokenizer)
{
    public ImageGenerator(TrainedModel trained) : this(trained.Ema, trained.Tokenizer)
    {
    }

    public ModelConfig Config => model.Config;

    /// <summary>
    /// Batches that run side by side at most. Measured with two on two cores (README); more, on a bigger machine, would
    /// each get fewer torch threads and hold more activations and more of the collector's pause budget at once, untried.
    /// </summary>
    public const int MaxSideBySide = 2;

    /// <summary>One image per caption, in order; <paramref name="progress"/> gets the number of images done after each round of batches.</summary>
    public IReadOnlyList<RgbImage> Generate(IReadOnlyList<string> captions, ImageGenerationOptions options,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(captions);
        options.Validate(model.Config);
        var size = options.SizeFor(model.Config);
        int p = tokenizer.PixelsPerToken, h = size.Height / p, w = size.Width / p;
        // side by side only while idle OpenMP threads sleep: a spinning one of the calling thread would take a core from the others
        int sideBySide = TorchRuntime.IdleThreadsSleep ? Math.Clamp(options.Threads, 1, MaxSideBySide) : 1;
        var batches = Batches(captions.Count, options.BatchSize, sideBySide);
        var images = new RgbImage[captions.Count];

        void Sample(Batch batch, TextBatch text, int torchThreads)
        {
            if (torchThreads > 0) TorchRuntime.UseThreads(torchThreads);
            using var scope = NewDisposeScope();
            var tokens = Sampler.Generate(model, text, h, w, options.ForSampler(firstRow: batch.Start)).Grid.Tokens;  // (B, h·w, C)
            Tensor pixels;
            using (no_grad()) pixels = tokenizer.Decode(tokens, h, w);  // (B, 3, H, W)
            var rgb = TensorImages.ToRgb(pixels);  // bytes copied out before the scope frees the tensors
            for (int i = 0; i < rgb.Count; i++) images[batch.Start + i] = rgb[i];
        }

        int callerThreads = get_num_threads(), done = 0;
        using var others = sideBySide > 1 && batches.Count > 1 ? new ReplicaThreads(Math.Min(sideBySide, batches.Count) - 1) : null;
        try
        {
            foreach (var round in batches.Chunk(sideBySide))
            {
                cancel.ThrowIfCancellationRequested();
                using (NewDisposeScope())
                {
                    // captions are tokenized here, on one thread; each batch samples on its own with its share of the threads
                    var texts = round.Select(b => model.TextEncoder.Tokenize([.. captions.Skip(b.Start).Take(b.Count)], model.Config.MaxTextTokens)).ToList();
                    var parts = round.Select((b, i) => (Action)(() =>
                        Sample(b, texts[i], options.Threads > 0 ? ReplicaThreads.TorchThreadsOf(i, round.Length, options.Threads) : 0))).ToList();
                    // one pause of the collector for the whole round: pauses are process-wide and do not nest
                    GcPause.Run(() =>
                    {
                        if (others is null) parts[0]();
                        else others.RunAll(parts);
                        return 0;
                    });
                }
                done += round.Sum(b => b.Count);
                progress?.Report(done);
            }
        }
        finally
        {
            TorchRuntime.UseThreads(callerThreads);
        }
        return images;
    }

    /// <summary>A batch of captions: the first one's index in the request and how many.</summary>
    internal readonly record struct Batch(int Start, int Count);

    /// <summary>
    /// Consecutive batches of captions. One at a time: batchSize each, the rest in the last. Side by side: as few batches
    /// of at most batchSize as make a multiple of min(sideBySide, count), so that each round is full; their sizes differ
    /// by at most one, larger first (a planned batch left empty is dropped: 3 captions in batches of one, 2 side by side).
    /// </summary>
    internal static IReadOnlyList<Batch> Batches(int count, int batchSize, int sideBySide)
    {
        if (count == 0) return [];
        int needed = (count - 1) / batchSize + 1;
        sideBySide = Math.Min(sideBySide, count);
        if (sideBySide == 1)
            return [.. Enumerable.Range(0, needed).Select(i => new Batch(i * batchSize, Math.Min(batchSize, count - i * batchSize)))];
        int batches = (needed + sideBySide - 1) / sideBySide * sideBySide;
        int size = count / batches, larger = count % batches;  // the first `larger` batches take one caption more
        var result = new List<Batch>(batches);
        for (int i = 0, start = 0; i < batches; i++)
        {
            int n = size + (i < larger ? 1 : 0);
            if (n > 0) result.Add(new Batch(start, n));
            start += n;
        }
        return result;
    }
}
