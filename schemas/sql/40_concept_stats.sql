-- concept_stats: the long tail of concept tags.
--   frequency         number of samples tagged with the concept
--   rank              1 = most frequent; ties broken by concept name (byte order)
--   share             frequency / total tag occurrences (sum of all frequencies)
--   sample_share      frequency / number of samples
--   cumulative_share  share of this concept and every concept ranked before it
--   class             by the mass ranked before the concept (cumulative_share minus share):
--                     'head'  = less than 50% before it: the concepts that cover the first half of
--                               all tag occurrences;
--                     'tail'  = at least 90% before it: the concepts that share the last 10%;
--                     'torso' = everything between.
CREATE VIEW concept_stats AS
WITH freq AS (
    SELECT concept, count(*)::BIGINT AS frequency FROM sample_concepts GROUP BY concept
), ranked AS (
    SELECT concept, frequency,
           row_number() OVER (ORDER BY frequency DESC, concept) AS rank,
           sum(frequency) OVER (ORDER BY frequency DESC, concept ROWS UNBOUNDED PRECEDING)::BIGINT AS cumulative,
           sum(frequency) OVER ()::BIGINT AS total
    FROM freq
)
SELECT concept, frequency, rank::BIGINT AS rank,
       frequency / total AS share,
       frequency / (SELECT count(*) FROM sample_facts) AS sample_share,
       cumulative / total AS cumulative_share,
       CASE WHEN (cumulative - frequency) / total < 0.5 THEN 'head'
            WHEN (cumulative - frequency) / total >= 0.9 THEN 'tail'
            ELSE 'torso' END AS class
FROM ranked;
