-- lake_commits: one row per committed shard, read from the commit records (_commits/*.json), in
-- commit order (commit_order 1 = first; ordered by committed_at, then run, then seq). Only shards
-- listed here are visible to any other view: an orphan shard (a file without a commit record) is
-- never read. Columns: kind ('samples' | 'rejects'), shard (key relative to the lake root), path
-- (local file DuckDB reads), run, seq, bucket_h, bucket_w, row_count, byte_size, sha256,
-- committed_at, commit_order.
CREATE VIEW lake_commits AS
SELECT * FROM {{commits}};
