-- weights: statistical sampling weights, one per sample, into the in-memory tables weight_tags
-- (sample row, tag) and weight_calc (sample_id, r, w_stat, weight). Run by `dp weights` over a
-- report session (sample_facts materialised; r is its rowid); {{alpha}}, {{cap_term}} and
-- {{floor}} are filled with validated numbers.
--
-- Tags: a sample's distinct concept tags; a sample with no tag carries the pseudo-tag '(none)', so
-- untagged samples form one group of their own instead of being dropped or over-weighted.
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
CREATE OR REPLACE TABLE weight_tags AS
SELECT rowid AS r, unnest(CASE WHEN len(concepts) = 0 THEN ['(none)'] ELSE concepts END) AS tag
FROM sample_facts;

CREATE OR REPLACE TABLE weight_calc AS
WITH freq AS (
    SELECT tag, count(*)::DOUBLE AS f FROM weight_tags GROUP BY tag
), per_sample AS (
    SELECT t.r, avg(pow(freq.f, -{{alpha}})) AS inv_freq, {{cap_term}} AS keep
    FROM weight_tags AS t JOIN freq USING (tag)
    GROUP BY t.r
), stat AS (
    SELECT r, inv_freq * keep AS w_stat FROM per_sample
)
SELECT f.sample_id, s.r, s.w_stat,
       (1 - {{floor}}) * s.w_stat / sum(s.w_stat) OVER () + {{floor}} / count(*) OVER () AS weight
FROM stat AS s JOIN sample_facts AS f ON f.rowid = s.r;
