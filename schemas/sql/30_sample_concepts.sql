-- sample_concepts: one row per (sample, concept tag), the concepts list of samples unnested.
-- A sample with no concept tags has no row here. Duplicate tags within a sample count once.
CREATE VIEW sample_concepts AS
SELECT sample_id, unnest(concepts) AS concept
FROM sample_facts;
