-- samples: one row per distinct sample (image-caption pair) in the committed sample shards, metadata
-- columns only (the encoded image column is never selected, so DuckDB never reads its bytes).
-- Several writers may store the same sample: duplicates are resolved by sample_id, the row of the
-- first commit wins (lake_commits.commit_order). Created as a view for interactive SQL and as an
-- in-memory table for reports, which read it many times.
CREATE {{samples_kind}} samples AS
SELECT sample_id, image_sha256, phash, caption, caption_source, source_uri,
       orig_width, orig_height, orig_format, bucket_h, bucket_w, crop_top, crop_left,
       image_format, concepts, ingest_run, ingested_at::TIMESTAMPTZ AS ingested_at, schema_version
FROM (
    SELECT r.*, c.commit_order
    FROM (
        SELECT sample_id, image_sha256, phash, caption, caption_source, source_uri,
               orig_width, orig_height, orig_format, bucket_h, bucket_w, crop_top, crop_left,
               image_format, concepts, ingest_run, ingested_at, schema_version, filename
        FROM {{sample_shards}}
    ) AS r
    JOIN lake_commits AS c ON c.path = r.filename AND c.kind = 'samples'
)
QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY commit_order, ingest_run, source_uri) = 1;
