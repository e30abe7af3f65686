-- concept_summary: one row describing how concentrated the concept distribution is.
--   concepts, occurrences   distinct concepts, total tag occurrences
--   gini                    Gini coefficient of concept frequencies (0 = all equal, towards 1 = all
--                           mass on one concept): with frequencies sorted ascending x_1..x_n,
--                           G = 2 * sum(i * x_i) / (n * sum(x)) - (n + 1) / n
--   head/torso/tail_concepts and _share   number of concepts and share of occurrences per class
--                           of concept_stats
CREATE VIEW concept_summary AS
WITH asc_ranked AS (
    SELECT frequency, class, share, row_number() OVER (ORDER BY frequency, concept) AS i FROM concept_stats
)
SELECT count(*)::BIGINT AS concepts,
       coalesce(sum(frequency), 0)::BIGINT AS occurrences,
       CASE WHEN count(*) = 0 THEN NULL
            ELSE 2.0 * sum(i * frequency) / (count(*) * sum(frequency)) - (count(*) + 1.0) / count(*) END AS gini,
       count(*) FILTER (WHERE class = 'head')::BIGINT AS head_concepts,
       count(*) FILTER (WHERE class = 'torso')::BIGINT AS torso_concepts,
       count(*) FILTER (WHERE class = 'tail')::BIGINT AS tail_concepts,
       coalesce(sum(share) FILTER (WHERE class = 'head'), 0) AS head_share,
       coalesce(sum(share) FILTER (WHERE class = 'torso'), 0) AS torso_share,
       coalesce(sum(share) FILTER (WHERE class = 'tail'), 0) AS tail_share
FROM asc_ranked;
