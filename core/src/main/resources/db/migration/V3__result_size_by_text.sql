-- A job's result is bounded by the length of its JSON text, which the worker can check before
-- writing, rather than by its binary jsonb size (up to several times larger for many small values),
-- which it cannot.
ALTER TABLE sluice.jobs DROP CONSTRAINT jobs_result_check;
ALTER TABLE sluice.jobs ADD CONSTRAINT jobs_result_size CHECK (octet_length(result::text) <= 262144);
