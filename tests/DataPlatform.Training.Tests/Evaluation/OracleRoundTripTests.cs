using DataPlatform.Model;
using DataPlatform.ShapeWorld.Checking;
using DataPlatform.ShapeWorld.Prompts;
using DataPlatform.ShapeWorld.Rendering;
using DataPlatform.ShapeWorld.Scoring;
using DataPlatform.Training.Generation;
using static TorchSharp.torch;

namespace DataPlatform.Training.Tests.Evaluation;

/// <summary>
/// The evaluation's pixel path against the data path: a correct (oracle) ShapeWorld image, turned into a tensor the
/// way training decodes images (byte / 127.5 − 1, planar RGB), patchified into tokens and decoded back, comes out of
/// <see cref="TensorImages"/> with the same bytes and is still judged correct. A model that reproduced its training
/// tokens would therefore score like the oracle: no flipped channel, transposed axis or off-by-one scale in between.
/// </summary>
public class OracleRoundTripTests
{
    [Fact]
    public void Oracle_images_survive_tokens_and_pixel_conversion_and_are_still_judged_correct()
    {
        using var scope = NewDisposeScope();
        var set = PromptSet.V1();
        var prompts = PromptTags.All.Select(tag => set.Prompts.First(p => p.Tag == tag)).ToList();
        var originals = prompts.Select((p, i) => RgbImage.Of(PromptScenes.Oracle(p, 48, 32, seed: i))).ToList();
        var tokenizer = new PatchTokenizer(4);

        var grid = tokenizer.Encode(stack(originals.Select(AsTrainingTensor).ToList()));  // (B, 12·8, 48)
        var back = TensorImages.ToRgb(tokenizer.Decode(grid.Tokens, grid.Height, grid.Width));

        var scorer = new ShapeScorer(set, new SceneChecker());
        for (int i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(originals[i].Pixels, back[i].Pixels);
            var verdict = scorer.ScoreImage($"{prompts[i].Id}_0.png", prompts[i], back[i]);
            Assert.True(verdict.Correct, $"{prompts[i].Id} '{prompts[i].Prompt}': {verdict.Reason}");
        }
    }

    /// <summary>(3, H, W) in [-1, 1], as the curated stream decodes a training image.</summary>
    private static Tensor AsTrainingTensor(RgbImage image)
    {
        int plane = image.Width * image.Height;
        var values = new float[3 * plane];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++)
                values[c * plane + i] = image.Pixels[i * 3 + c] / 127.5f - 1f;
        return tensor(values, [3, image.Height, image.Width]);
    }
}
