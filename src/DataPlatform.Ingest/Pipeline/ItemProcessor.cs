using DataPlatform.Core;
using DataPlatform.Ingest.Buckets;
using DataPlatform.Ingest.Captions;
using DataPlatform.Ingest.Concepts;
using DataPlatform.Ingest.Imaging;
using DataPlatform.Ingest.Sources;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace DataPlatform.Ingest.Pipeline;

/// <summary>
/// The per-input stages a decode worker runs: caption (bounded read, validation) -> image bytes
/// (bounded read) -> hashes and the lake-duplicate check (before any decoding) -> safe decode and
/// normalisation -> bucket plan, resize to cover, centre crop -> pHash, encode -> concept tags.
/// Any failure refuses this input only. Thread-safe.
/// </summary>
public sealed class ItemProcessor
{
    private readonly IngestOptions _options;
    private readonly SafeImageDecoder _decoder;
    private readonly BucketPlanner _planner;
    private readonly StoredImageEncoder _encoder;
    private readonly CaptionValidator _captions;
    private readonly ConceptTagger _tagger;
    private readonly IReadOnlySet<string> _lakeSampleIds;
    private readonly string _run;
    private readonly TimeProvider _clock;

    public ItemProcessor(IngestOptions options, ConceptVocabulary vocabulary, IReadOnlySet<string> lakeSampleIds, string run, TimeProvider clock)
    {
        _options = options;
        _decoder = new SafeImageDecoder(options);
        _planner = new BucketPlanner(options);
        _encoder = new StoredImageEncoder(options);
        _captions = new CaptionValidator(options.MaxCaptionChars);
        _tagger = new ConceptTagger(vocabulary);
        _lakeSampleIds = lakeSampleIds;
        _run = run;
        _clock = clock;
    }

    /// <summary>How many caption bytes sources may read (see <see cref="CaptionValidator.ReadBound"/>).</summary>
    public int CaptionReadBound => _captions.ReadBound;

    public ItemOutcome Process(SourceItem item, CancellationToken ct)
    {
        var where = item.SourceUri;
        long bytesIn = 0;
        try
        {
            if (item.Failure is { } failure) return new ItemOutcome.Rejected(where, 0, failure.Reason, failure.Detail);
            var rawCaption = ReadCaption(item, where);
            var caption = _captions.Validate(rawCaption, where);
            var bytes = ReadImage(item, where, ct);
            bytesIn = bytes.Length;
            var imageSha = SampleIds.Sha256Hex(bytes);
            var sampleId = SampleIds.ForSample(imageSha, caption);
            if (_lakeSampleIds.Contains(sampleId)) return new ItemOutcome.LakeDuplicate(where, bytesIn, sampleId);
            ct.ThrowIfCancellationRequested();

            using var decoded = _decoder.Decode(bytes, where);
            var origWidth = decoded.Width;
            var origHeight = decoded.Height;
            var plan = _planner.Plan(origWidth, origHeight, where);
            var image = decoded.Pixels;
            var crop = new Rectangle(plan.CropLeft, plan.CropTop, plan.Bucket.Width, plan.Bucket.Height);
            var sameSize = plan.ResizeWidth == origWidth && plan.ResizeHeight == origHeight;
            if (plan.IsNative || sameSize) image.Mutate(x => x.Crop(crop));
            else image.Mutate(x => x.Resize(plan.ResizeWidth, plan.ResizeHeight, KnownResamplers.Bicubic).Crop(crop));

            var sample = new SampleRecord
            {
                SampleId = sampleId,
                ImageSha256 = imageSha,
                Phash = PerceptualHash.Compute(image),
                Caption = caption,
                CaptionSource = rawCaption.Source,
                SourceUri = where,
                OrigWidth = origWidth,
                OrigHeight = origHeight,
                OrigFormat = decoded.Format,
                BucketH = plan.Bucket.Height,
                BucketW = plan.Bucket.Width,
                CropTop = plan.CropTop,
                CropLeft = plan.CropLeft,
                Image = _encoder.Encode(image),
                ImageFormat = _encoder.FormatName,
                Concepts = _tagger.Tag(caption),
                IngestRun = _run,
                IngestedAt = _clock.GetUtcNow(),
            };
            return new ItemOutcome.Accepted(sample, bytesIn, decoded.FramesDropped);
        }
        catch (ItemRejectedException ex)
        {
            return new ItemOutcome.Rejected(where, bytesIn, ex.Reason, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ItemOutcome.Rejected(where, bytesIn, RejectReason.Unreadable, $"{where} could not be read: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private RawCaption ReadCaption(SourceItem item, string where) =>
        item.ReadCaption?.Invoke(_captions.ReadBound) ?? throw new ItemRejectedException(RejectReason.MissingCaption, $"{where} has no caption");

    private byte[] ReadImage(SourceItem item, string where, CancellationToken ct)
    {
        if (item.OpenImage is null) throw new ItemRejectedException(RejectReason.Unreadable, $"{where} has no image to open");
        using var stream = item.OpenImage(ct);
        return BoundedRead.ReadImage(stream, _options.MaxImageBytes, where);
    }
}
