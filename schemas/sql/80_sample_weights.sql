-- sample_weights: the current sampling-weights snapshot: sample_id, weight (the probability of
-- drawing the sample; all weights sum to 1), w_stat (the statistical weight before normalisation
-- and the uniform floor), version. Lake location: stats/weights/<version>.parquet, the current
-- version named by stats/weights/current.json; written by `dp weights` (and by training when it
-- folds critic scores in). Empty until weights are computed.
CREATE VIEW sample_weights AS
SELECT sample_id, weight, w_stat, version
FROM {{weights_file}};
