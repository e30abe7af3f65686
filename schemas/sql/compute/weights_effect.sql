-- weights_effect: how the weights in weight_calc change the effective concept distribution, per
-- class of concept_stats (head / torso / tail, classified on the unweighted lake).
--   before_share: share of tag occurrences in the lake (sum of concept_stats.share)
--   after_share:  share of tag occurrences in a stream drawn with the weights:
--                 sum over (sample, concept) of weight / sum over all (sample, concept) of weight
WITH mass AS (
    SELECT t.tag AS concept, sum(w.weight) AS mass
    FROM weight_tags AS t JOIN weight_calc AS w USING (r)
    WHERE t.tag <> '(none)'
    GROUP BY t.tag
)
SELECT cs.class,
       count(*)::BIGINT AS concepts,
       sum(cs.share) AS before_share,
       sum(m.mass) / (SELECT sum(mass) FROM mass) AS after_share
FROM concept_stats AS cs JOIN mass AS m USING (concept)
GROUP BY cs.class
ORDER BY CASE cs.class WHEN 'head' THEN 1 WHEN 'torso' THEN 2 ELSE 3 END;
