-- sample_facts: the few columns the statistics read, one row per sample (exactly the rows of
-- samples, resolved by the same rule: first commit wins, then the row's position in its shard):
-- sample_id, bucket_h, bucket_w, caption_chars (caption length in characters) and concepts (the
-- sample's distinct concept tags). A view in interactive sessions; reports and weights materialise
-- it once in memory. Read straight from the shards (not through samples) so that the shards are
-- scanned once: the narrow rows are materialised, then duplicates resolved in memory.
CREATE {{facts_kind}} sample_facts AS
WITH shard_rows AS MATERIALIZED (
    SELECT r.sample_id, hash(r.sample_id) AS h, c.commit_order, r.file_row_number,
           r.bucket_h, r.bucket_w, length(r.caption)::BIGINT AS caption_chars,
           list_distinct(r.concepts) AS concepts
    FROM (
        SELECT sample_id, bucket_h, bucket_w, caption, concepts, filename, file_row_number
        FROM {{sample_shards}}
    ) AS r
    JOIN lake_commits AS c ON c.path = r.filename AND c.kind = 'samples'
), repeated AS (
    SELECT h FROM shard_rows GROUP BY h HAVING count(*) > 1
)
SELECT sample_id, bucket_h, bucket_w, caption_chars, concepts
FROM shard_rows WHERE h NOT IN (SELECT h FROM repeated)
UNION ALL
SELECT sample_id, bucket_h, bucket_w, caption_chars, concepts
FROM (
    SELECT * FROM shard_rows WHERE h IN (SELECT h FROM repeated)
    QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY commit_order, file_row_number) = 1
);
