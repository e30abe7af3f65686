namespace DataPlatform.Ingest.Buckets;

/// <summary>A resolution bucket: stored images of exactly <see cref="Height"/> x <see cref="Width"/> pixels.</summary>
public readonly record struct Bucket(int Height, int Width)
{
    /// <summary>Width over height.</summary>
    public double AspectRatio => (double)Width / Height;

    public long Area => (long)Width * Height;

    /// <summary>The bucket's name as in lake paths: <c>HxW</c>.</summary>
    public override string ToString() => $"{Height}x{Width}";
}

/// <summary>
/// How one image becomes its stored pixels: resize to <see cref="ResizeWidth"/> x <see cref="ResizeHeight"/>
/// (cover; equal to the source size when <see cref="IsNative"/>), then crop <see cref="Bucket"/> at
/// (<see cref="CropTop"/>, <see cref="CropLeft"/>), i.e. centred.
/// </summary>
public sealed record BucketPlan(Bucket Bucket, int ResizeWidth, int ResizeHeight, int CropTop, int CropLeft, bool IsNative);
