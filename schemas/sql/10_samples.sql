-- samples: one row per distinct sample (image-caption pair) in the committed sample shards, metadata
-- columns only (the encoded image column is never selected, so DuckDB never reads its bytes).
-- Several writers may store the same sample: duplicates are resolved by sample_id, and the row of
-- the first commit wins (lake_commits.commit_order, then the row's position in its shard).
-- To keep this cheap on large lakes only rows whose sample_id hash occurs more than once (every
-- duplicate, plus the rare hash collision) go through the ordering; all others pass straight through.
CREATE VIEW samples AS
WITH shard_rows AS NOT MATERIALIZED (
    SELECT r.*, c.commit_order
    FROM (
        SELECT sample_id, image_sha256, phash, caption, caption_source, source_uri,
               orig_width, orig_height, orig_format, bucket_h, bucket_w, crop_top, crop_left,
               image_format, concepts, ingest_run, ingested_at::TIMESTAMPTZ AS ingested_at, schema_version,
               filename, file_row_number
        FROM {{sample_shards}}
    ) AS r
    JOIN lake_commits AS c ON c.path = r.filename AND c.kind = 'samples'
), repeated AS (
    SELECT h FROM (SELECT hash(sample_id) AS h FROM shard_rows) GROUP BY h HAVING count(*) > 1
)
SELECT * EXCLUDE (filename, file_row_number, commit_order)
FROM shard_rows WHERE hash(sample_id) NOT IN (SELECT h FROM repeated)
UNION ALL
SELECT * EXCLUDE (filename, file_row_number, commit_order)
FROM (
    SELECT * FROM shard_rows WHERE hash(sample_id) IN (SELECT h FROM repeated)
    QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY commit_order, file_row_number) = 1
);
