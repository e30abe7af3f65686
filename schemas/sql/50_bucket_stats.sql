-- bucket_stats: samples per resolution bucket (stored height x width in pixels): samples, share of
-- all samples, aspect (width / height). Ordered by samples, most first.
CREATE VIEW bucket_stats AS
SELECT bucket_h, bucket_w, count(*)::BIGINT AS samples,
       count(*) / sum(count(*)) OVER () AS share,
       bucket_w / bucket_h AS aspect
FROM sample_facts
GROUP BY bucket_h, bucket_w
ORDER BY samples DESC, bucket_h, bucket_w;
