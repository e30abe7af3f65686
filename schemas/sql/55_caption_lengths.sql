-- caption_lengths: distribution of caption length in characters (Unicode code points) over samples:
-- min, the 10th, 50th, 90th and 99th percentiles (nearest-rank, quantile_disc), max and mean.
CREATE VIEW caption_lengths AS
SELECT min(n) AS min, quantile_disc(n, 0.1) AS p10, quantile_disc(n, 0.5) AS p50,
       quantile_disc(n, 0.9) AS p90, quantile_disc(n, 0.99) AS p99, max(n) AS max, avg(n) AS mean
FROM (SELECT caption_chars AS n FROM sample_facts);
