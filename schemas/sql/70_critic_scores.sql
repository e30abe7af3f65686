-- critic_scores: difficulty scores the online critic of a training run gave samples (higher = the
-- model handles the sample worse). Lake location: feedback/<train-run>/critic_scores/*.parquet,
-- written by training. Columns: train_run, step (training step of the scoring), sample_id, score,
-- scored_at. Empty until a training run writes scores.
CREATE VIEW critic_scores AS
SELECT train_run, step, sample_id, score, scored_at::TIMESTAMPTZ AS scored_at
FROM {{critic_files}};
