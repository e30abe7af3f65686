namespace DataPlatform.Curation;

/// <summary>
/// One decoded batch of one bucket: pixels as floats in [-1, 1], laid out (B, 3, H, W) row-major, ready to become
/// a tensor without another copy of the layout; the sample ids and captions in the same order.
/// </summary>
public sealed record TrainingBatch(long Step, int Height, int Width, int[] Ordinals, string[] SampleIds, string[] Captions,
    float[] Pixels, string WeightsVersion)
{
    public int Count => SampleIds.Length;
}
