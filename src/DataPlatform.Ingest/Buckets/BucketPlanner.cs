using DataPlatform.Core;
using DataPlatform.Ingest.Sources;

namespace DataPlatform.Ingest.Buckets;

/// <summary>
/// Assigns an image to a bucket. Rule (with several target areas, e.g. 256², 512², 1024²): the target
/// sides are tried from the largest down, skipping those whose area exceeds the image's; the first
/// whose nearest bucket (by log aspect ratio) the image covers without upscaling is taken, and the image
/// is resized to cover that bucket and centre-cropped. If none qualifies (the image is smaller than
/// every target area), the image keeps its native size rounded DOWN to the token grid (centre-cropped,
/// never resized). Refused: aspect ratio outside [1/max, max] (<c>aspect_ratio</c>); a stored side
/// below the minimum (<c>too_small</c>).
/// </summary>
public sealed class BucketPlanner
{
    private readonly BucketSet[] _sets;
    private readonly int _tokenSize;
    private readonly int _minSide;
    private readonly double _maxAspect;

    public BucketPlanner(IngestOptions options)
    {
        _tokenSize = options.TokenSize;
        _minSide = options.MinSide;
        _maxAspect = options.MaxAspectRatio;
        _sets = options.TargetSides.Distinct().OrderDescending()
            .Select(side => new BucketSet(side, options.TokenSize, options.MaxAspectRatio)).ToArray();
    }

    /// <summary>The bucket sets, largest target side first.</summary>
    public IReadOnlyList<BucketSet> Sets => _sets;

    public BucketPlan Plan(int width, int height, string where)
    {
        var aspect = (double)width / height;
        if (aspect > _maxAspect * 1.0001 || aspect < 1 / _maxAspect / 1.0001)
            throw new ItemRejectedException(RejectReason.AspectRatio,
                $"{where} is {width}x{height} (aspect {aspect:0.###}), outside the bucket range 1:{_maxAspect:0.##} .. {_maxAspect:0.##}:1");
        var area = (long)width * height;
        foreach (var set in _sets)
        {
            if ((long)set.Side * set.Side > area) continue;
            var bucket = set.Nearest(width, height);
            var scale = Math.Max((double)bucket.Width / width, (double)bucket.Height / height);
            if (scale > 1) continue;
            var rw = Math.Max(bucket.Width, (int)Math.Round(width * scale));
            var rh = Math.Max(bucket.Height, (int)Math.Round(height * scale));
            return new BucketPlan(bucket, rw, rh, (rh - bucket.Height) / 2, (rw - bucket.Width) / 2, IsNative: false);
        }
        var w = width / _tokenSize * _tokenSize;
        var h = height / _tokenSize * _tokenSize;
        if (w < _minSide || h < _minSide || w == 0 || h == 0)
            throw new ItemRejectedException(RejectReason.TooSmall,
                $"{where} is {width}x{height}; on the {_tokenSize}-px grid that is {w}x{h}, below the minimum side {_minSide}");
        return new BucketPlan(new Bucket(h, w), width, height, (height - h) / 2, (width - w) / 2, IsNative: true);
    }
}
