using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>Turns the columns of one row group back into records.</summary>
internal static class ShardRows
{
    /// <summary>Sample rows; without <paramref name="includeImage"/> the image column is not read and <c>Image</c> is empty.</summary>
    public static async Task<SampleRecord[]> SamplesAsync(ShardColumns c, bool includeImage, CancellationToken ct)
    {
        var sampleId = await c.StringsAsync("sample_id", ct);
        var imageSha = await c.StringsAsync("image_sha256", ct);
        var phash = await c.ValuesAsync<long>("phash", ct);
        var caption = await c.StringsAsync("caption", ct);
        var captionSource = await c.StringsAsync("caption_source", ct);
        var sourceUri = await c.StringsAsync("source_uri", ct);
        var origWidth = await c.ValuesAsync<int>("orig_width", ct);
        var origHeight = await c.ValuesAsync<int>("orig_height", ct);
        var origFormat = await c.StringsAsync("orig_format", ct);
        var bucketH = await c.ValuesAsync<int>("bucket_h", ct);
        var bucketW = await c.ValuesAsync<int>("bucket_w", ct);
        var cropTop = await c.ValuesAsync<int>("crop_top", ct);
        var cropLeft = await c.ValuesAsync<int>("crop_left", ct);
        var image = includeImage ? await c.BytesAsync("image", ct) : null;
        var imageFormat = await c.StringsAsync("image_format", ct);
        var concepts = await c.StringListsAsync("concepts", ct);
        var ingestRun = await c.StringsAsync("ingest_run", ct);
        var ingestedAt = await c.TimestampsAsync("ingested_at", ct);
        var schemaVersion = await c.ValuesAsync<int>("schema_version", ct);

        var rows = new SampleRecord[c.RowCount];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new SampleRecord
            {
                SampleId = sampleId[i],
                ImageSha256 = imageSha[i],
                Phash = phash[i],
                Caption = caption[i],
                CaptionSource = captionSource[i],
                SourceUri = sourceUri[i],
                OrigWidth = origWidth[i],
                OrigHeight = origHeight[i],
                OrigFormat = origFormat[i],
                BucketH = bucketH[i],
                BucketW = bucketW[i],
                CropTop = cropTop[i],
                CropLeft = cropLeft[i],
                Image = image?[i] ?? [],
                ImageFormat = imageFormat[i],
                Concepts = concepts[i],
                IngestRun = ingestRun[i],
                IngestedAt = ingestedAt[i],
                SchemaVersion = schemaVersion[i],
            };
        }
        return rows;
    }

    /// <summary>Only the columns cross-run dedup needs: sample id and perceptual hash.</summary>
    public static async Task<SampleKey[]> KeysAsync(ShardColumns c, CancellationToken ct)
    {
        var sampleId = await c.StringsAsync("sample_id", ct);
        var phash = await c.ValuesAsync<long>("phash", ct);
        return sampleId.Select((id, i) => new SampleKey(id, phash[i])).ToArray();
    }

    public static async Task<RejectRecord[]> RejectsAsync(ShardColumns c, CancellationToken ct)
    {
        var sourceUri = await c.StringsAsync("source_uri", ct);
        var reason = await c.StringsAsync("reason", ct);
        var detail = await c.StringsAsync("detail", ct);
        var ingestRun = await c.StringsAsync("ingest_run", ct);
        var rejectedAt = await c.TimestampsAsync("rejected_at", ct);
        var schemaVersion = await c.ValuesAsync<int>("schema_version", ct);

        var rows = new RejectRecord[c.RowCount];
        for (var i = 0; i < rows.Length; i++)
        {
            RejectReason parsed;
            try
            {
                parsed = RejectReasons.Parse(reason[i]);
            }
            catch (InvalidInputException ex)
            {
                throw c.Broken($"row {i}: {ex.Message}");
            }
            rows[i] = new RejectRecord
            {
                SourceUri = sourceUri[i],
                Reason = parsed,
                Detail = detail[i],
                IngestRun = ingestRun[i],
                RejectedAt = rejectedAt[i],
                SchemaVersion = schemaVersion[i],
            };
        }
        return rows;
    }
}

/// <summary>The identity of a committed sample for dedup: its id and 64-bit perceptual hash.</summary>
public readonly record struct SampleKey(string SampleId, long Phash);
