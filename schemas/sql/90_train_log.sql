-- train_log: one row per training step: train_run, step, loss_flow, loss_pred, lr, samples_per_s,
-- data_wait_share (share of step time spent waiting for data), mfu (model FLOP utilisation),
-- logged_at. Lake location: runs/<train-run>/train_log/*.parquet, written by training. Empty until
-- a training run logs steps.
CREATE VIEW train_log AS
SELECT train_run, step, loss_flow, loss_pred, lr, samples_per_s, data_wait_share, mfu,
       logged_at::TIMESTAMPTZ AS logged_at
FROM {{train_log_files}};
