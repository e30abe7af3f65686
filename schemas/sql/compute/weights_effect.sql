-- weights_effect: how the weights in weight_calc change the effective concept distribution, per
-- class of concept_stats (head / torso / tail, classified on the unweighted lake).
--   before_share: share of tag occurrences in the lake (sum of concept_stats.share)
--   after_share:  share of tag occurrences in a stream drawn with the weights:
--                 sum over (sample, concept) of weight / sum over all (sample, concept) of weight
SELECT cs.class,
       count(DISTINCT cs.concept)::BIGINT AS concepts,
       sum(cs.share) AS before_share,
       sum(m.mass) / (SELECT sum(w.weight) FROM sample_concepts AS sc JOIN weight_calc AS w USING (sample_id)) AS after_share
FROM concept_stats AS cs
JOIN (SELECT sc.concept, sum(w.weight) AS mass
      FROM sample_concepts AS sc JOIN weight_calc AS w USING (sample_id)
      GROUP BY sc.concept) AS m USING (concept)
GROUP BY cs.class
ORDER BY CASE cs.class WHEN 'head' THEN 1 WHEN 'torso' THEN 2 ELSE 3 END;
