-- cooccurrence: pairs of concepts tagged on the same sample: concept_a < concept_b (byte order),
-- samples = number of samples carrying both. Pairs that never co-occur have no row.
CREATE VIEW cooccurrence AS
SELECT a.concept AS concept_a, b.concept AS concept_b, count(*)::BIGINT AS samples
FROM sample_concepts AS a
JOIN sample_concepts AS b ON a.sample_id = b.sample_id AND a.concept < b.concept
GROUP BY a.concept, b.concept;
