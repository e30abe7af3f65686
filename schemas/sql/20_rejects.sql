-- rejects: every input an ingest run refused, from the committed reject shards: source_uri, reason
-- (stable snake_case code, e.g. 'corrupt_image'), detail (evidence), ingest_run, rejected_at,
-- schema_version. Not deduplicated: each row is one refusal.
CREATE VIEW rejects AS
SELECT source_uri, reason, detail, ingest_run, rejected_at::TIMESTAMPTZ AS rejected_at, schema_version
FROM {{reject_shards}} AS r
JOIN lake_commits AS c ON c.path = r.filename AND c.kind = 'rejects';
