-- sample_facts: the few columns the statistics read, one row per sample (exactly the rows of
-- samples): sample_id, bucket_h, bucket_w, caption_chars (caption length in characters) and
-- concepts (the sample's distinct concept tags). A view in interactive sessions; reports and
-- weights materialise it once in memory, so the lake is scanned once per report.
CREATE {{facts_kind}} sample_facts AS
SELECT sample_id, bucket_h, bucket_w, length(caption)::BIGINT AS caption_chars,
       list_distinct(concepts) AS concepts
FROM samples;
