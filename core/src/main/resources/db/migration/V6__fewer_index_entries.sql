-- Fewer index entries written per job, same rules (measured in BENCHMARKS.md). PostgreSQL cannot
-- update a job in place (HOT): every transition changes a column that an index depends on, so every
-- claim and finish writes a new entry into every index of the table. Two of those entries served nobody:

-- 1. Jobs without an owner (enqueued from Java, maintenance) are never listed by owner: only jobs that
--    have one are indexed for the per-owner listing.
DROP INDEX sluice.jobs_owner;
CREATE INDEX jobs_owner ON sluice.jobs (owner, id DESC) WHERE owner IS NOT NULL;

-- 2. An event is found by (job_id, seq) — streams, history, resumption — never by its id, which was
--    a second unique index on every event. (job_id, seq) becomes the primary key; id stays a column.
ALTER TABLE sluice.job_events DROP CONSTRAINT job_events_pkey;
ALTER TABLE sluice.job_events DROP CONSTRAINT job_events_seq;
ALTER TABLE sluice.job_events ADD CONSTRAINT job_events_pkey PRIMARY KEY (job_id, seq);
