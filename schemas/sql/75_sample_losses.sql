-- sample_losses: the per-sample losses a training run logged at every step (the data feedback's raw
-- records): train_run, step, sample_id, loss_flow, loss_pred, t (the mean noise time of the sample's
-- flow tokens). Lake location: feedback/<train-run>/losses/*.parquet, written by training at each
-- checkpoint. Empty until a training run logs steps.
CREATE VIEW sample_losses AS
SELECT train_run, step, sample_id, loss_flow, loss_pred, t
FROM {{loss_files}};
