-- weights: statistical sampling weights, one per sample, into the in-memory table weight_calc.
-- Run by `dp weights` over a report session (samples materialised); {{alpha}}, {{cap_term}} and
-- {{floor}} are filled with validated numbers.
--
-- Tags: a sample's concept tags; a sample with no tag carries the pseudo-tag '(none)', so untagged
-- samples form one group of their own instead of being dropped or over-weighted.
-- For a tag of frequency f (samples carrying it):
--   inverse frequency with temperature alpha:  f^-alpha    (alpha = 0: uniform, 1: fully inverse)
--   MetaCLIP-style cap N: keep probability      min(1, N / f)
-- Combined over the sample's tags:
--   inv_freq(s)  = mean over tags of f^-alpha
--   keep(s)      = 1 - prod over tags of (1 - min(1, N / f)): the probability that MetaCLIP's
--                  balancing keeps the sample (it is kept if any of its tags keeps it); 1 without a cap
--   w_stat(s)    = inv_freq(s) * keep(s)
--   weight(s)    = (1 - floor) * w_stat(s) / sum(w_stat) + floor / n
-- so the weights sum to 1 and no sample falls below floor / n (the uniform floor: nothing starves).
CREATE OR REPLACE TABLE weight_calc AS
WITH tags AS (
    SELECT s.sample_id, coalesce(c.concept, '(none)') AS tag
    FROM samples AS s LEFT JOIN sample_concepts AS c ON c.sample_id = s.sample_id
), freq AS (
    SELECT tag, count(*)::DOUBLE AS f FROM tags GROUP BY tag
), per_sample AS (
    SELECT t.sample_id,
           avg(pow(freq.f, -{{alpha}})) AS inv_freq,
           {{cap_term}} AS keep
    FROM tags AS t JOIN freq USING (tag)
    GROUP BY t.sample_id
), stat AS (
    SELECT sample_id, inv_freq * keep AS w_stat FROM per_sample
)
SELECT sample_id, w_stat,
       (1 - {{floor}}) * w_stat / sum(w_stat) OVER () + {{floor}} / count(*) OVER () AS weight
FROM stat;
