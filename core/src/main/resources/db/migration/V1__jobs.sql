-- The job engine's tables. Every state change of a job is one guarded statement in JobStore; the
-- constraints and the transition trigger below make an illegal state impossible even for a buggy
-- statement, not just unlikely.

CREATE TYPE sluice.job_state AS ENUM ('queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled');

CREATE TABLE sluice.jobs (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue               text             NOT NULL CHECK (queue ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    type                text             NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
    payload             jsonb            NOT NULL,
    state               sluice.job_state NOT NULL DEFAULT 'queued',
    attempt             integer          NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts        integer          NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 1000),
    priority            smallint         NOT NULL DEFAULT 0,
    run_at              timestamptz      NOT NULL DEFAULT now(),
    timeout_ms          bigint           NOT NULL CHECK (timeout_ms > 0),
    idempotency_key     text             CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    concurrency_key     text             CHECK (length(concurrency_key) BETWEEN 1 AND 255),
    owner               text             CHECK (length(owner) <= 255),
    lease_owner         text,
    lease_expires_at    timestamptz,
    cancel_requested_at timestamptz,
    event_seq           integer          NOT NULL DEFAULT 0,
    last_error          text             CHECK (length(last_error) <= 8192),
    result              jsonb            CHECK (pg_column_size(result) <= 262144),
    created_at          timestamptz      NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    updated_at          timestamptz      NOT NULL DEFAULT now(),
    -- a running job always has a lease, and only a running job has one
    CONSTRAINT jobs_lease_iff_running
        CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    -- a finished job always has its finish time, and only a finished job has one
    CONSTRAINT jobs_finished_iff_final
        CHECK ((state IN ('succeeded', 'dead', 'cancelled')) = (finished_at IS NOT NULL))
);

-- claim: the next due jobs of a queue, most urgent first
CREATE INDEX jobs_claimable ON sluice.jobs (queue, priority DESC, run_at, id) WHERE state IN ('queued', 'failed');
-- idempotent enqueue: one job per (queue, key), enforced by the database, not by check-then-insert
CREATE UNIQUE INDEX jobs_idempotency ON sluice.jobs (queue, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- rescue: running jobs by lease expiry
CREATE INDEX jobs_running_lease ON sluice.jobs (lease_expires_at) WHERE state = 'running';
-- per-key limits: running jobs by concurrency key (the limit is counted from these rows)
CREATE INDEX jobs_running_key ON sluice.jobs (concurrency_key) WHERE state = 'running' AND concurrency_key IS NOT NULL;
-- pruning of finished jobs
CREATE INDEX jobs_finished ON sluice.jobs (finished_at) WHERE finished_at IS NOT NULL;
-- listings by owner, newest first
CREATE INDEX jobs_owner ON sluice.jobs (owner, id DESC);

-- The allowed transitions; anything else raises check_violation.
--   queued|failed -> running | cancelled     (claim, cancel)
--   running       -> succeeded | failed | dead | cancelled | queued   (finish, retry, rescue, release)
--   failed|dead|cancelled -> queued          (retry now, redrive)
CREATE FUNCTION sluice.jobs_guard_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.state IN ('queued', 'failed') AND NEW.state IN ('running', 'cancelled'))
        OR (OLD.state = 'running' AND NEW.state IN ('succeeded', 'failed', 'dead', 'cancelled', 'queued'))
        OR (OLD.state IN ('failed', 'dead', 'cancelled') AND NEW.state = 'queued') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'illegal job transition % -> % (job %)', OLD.state, NEW.state, OLD.id
        USING ERRCODE = 'check_violation';
END
$$;

CREATE TRIGGER jobs_guard_transition BEFORE UPDATE OF state ON sluice.jobs
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION sluice.jobs_guard_transition();

-- The audit trail: one row per transition (and per progress or output event), append-only.
-- seq numbers the events of one job without gaps: it is taken from jobs.event_seq in the same
-- statement that changes the job, under the job's row lock, so events commit in seq order and a
-- reader resuming after seq n can never miss one that commits later.
CREATE TABLE sluice.job_events (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id   bigint           NOT NULL REFERENCES sluice.jobs (id) ON DELETE CASCADE,
    seq      integer          NOT NULL,
    at       timestamptz      NOT NULL DEFAULT now(),
    queue    text             NOT NULL,
    kind     text             NOT NULL,
    state    sluice.job_state NOT NULL,
    attempt  integer          NOT NULL,
    worker   text,
    message  text             CHECK (length(message) <= 8192),
    data     jsonb,
    CONSTRAINT job_events_seq UNIQUE (job_id, seq)
);

-- Wake-ups across processes, sent at commit (never for a rolled-back enqueue):
--   sluice_jobs_available  payload: a queue name  -> idle workers of that queue claim now
--   sluice_job_events      payload: job ids, or * -> live streams fetch the new events
--   sluice_cancel          payload: a job id       -> the worker running it stops it
CREATE FUNCTION sluice.job_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
    q   text;
    j   bigint;
BEGIN
    SELECT string_agg(DISTINCT job_id::text, ',') INTO ids FROM new_events;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM pg_notify('sluice_job_events', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
    FOR q IN SELECT DISTINCT queue FROM new_events WHERE kind IN ('enqueued', 'rescued', 'released', 'redriven')
    LOOP
        PERFORM pg_notify('sluice_jobs_available', q);
    END LOOP;
    FOR j IN SELECT job_id FROM new_events WHERE kind = 'cancel_requested'
    LOOP
        PERFORM pg_notify('sluice_cancel', j::text);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_events_notify AFTER INSERT ON sluice.job_events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION sluice.job_events_notify();

-- Per-key running limits set by an admin (e.g. per user); without a row the queue's default applies.
CREATE TABLE sluice.concurrency_limits (
    key         text    PRIMARY KEY,
    max_running integer NOT NULL CHECK (max_running >= 0)
);

-- Claim up to p_limit due jobs of a queue for a worker, in one round trip.
-- Rows are taken with FOR UPDATE SKIP LOCKED, so claimers never wait for one another. A job with a
-- concurrency key is taken only while fewer than the key's limit are running, counted from the rows
-- (so a dead worker's jobs count until they are rescued, and the limit can never leak). Per key, an
-- advisory lock is tried (never waited for) so two claimers cannot both take the last slot.
CREATE FUNCTION sluice.claim_jobs(p_queue text, p_worker text, p_limit integer, p_lease_ms bigint,
                                  p_default_key_limit integer)
    RETURNS SETOF sluice.jobs LANGUAGE plpgsql AS $$
DECLARE
    cand      record;
    taken     bigint[] := '{}';
    key_limit integer;
    running   integer;
    in_batch  integer;
    scanned   integer := 0;
    saturated text[];
BEGIN
    -- keys already at their limit are skipped by the scan, so one busy key cannot starve the others
    saturated := ARRAY(
        SELECT r.concurrency_key FROM sluice.jobs r
        WHERE r.state = 'running' AND r.concurrency_key IS NOT NULL
        GROUP BY r.concurrency_key
        HAVING count(*) >= coalesce((SELECT l.max_running FROM sluice.concurrency_limits l
                                     WHERE l.key = r.concurrency_key), p_default_key_limit));
    FOR cand IN
        SELECT id, concurrency_key FROM sluice.jobs
        WHERE queue = p_queue AND state IN ('queued', 'failed') AND run_at <= now()
          AND (concurrency_key IS NULL OR NOT (concurrency_key = ANY (saturated)))
        ORDER BY priority DESC, run_at, id
        FOR UPDATE SKIP LOCKED
    LOOP
        scanned := scanned + 1;
        EXIT WHEN scanned > p_limit * 4 + 200;
        IF cand.concurrency_key IS NOT NULL THEN
            SELECT max_running INTO key_limit FROM sluice.concurrency_limits WHERE key = cand.concurrency_key;
            IF NOT FOUND THEN
                key_limit := p_default_key_limit;
            END IF;
            IF key_limit IS NOT NULL THEN
                CONTINUE WHEN NOT pg_try_advisory_xact_lock(1937075555, hashtext(cand.concurrency_key));
                SELECT count(*) INTO running FROM sluice.jobs
                    WHERE state = 'running' AND concurrency_key = cand.concurrency_key;
                SELECT count(*) INTO in_batch FROM sluice.jobs
                    WHERE id = ANY (taken) AND concurrency_key = cand.concurrency_key;
                CONTINUE WHEN running + in_batch >= key_limit;
            END IF;
        END IF;
        taken := taken || cand.id;
        EXIT WHEN cardinality(taken) >= p_limit;
    END LOOP;

    IF cardinality(taken) = 0 THEN
        RETURN;
    END IF;

    RETURN QUERY
    WITH claimed AS (
        UPDATE sluice.jobs j
        SET state = 'running',
            attempt = j.attempt + 1,
            lease_owner = p_worker,
            lease_expires_at = now() + make_interval(secs => p_lease_ms / 1000.0),
            started_at = now(),
            updated_at = now(),
            event_seq = j.event_seq + 1
        WHERE j.id = ANY (taken)
        RETURNING j.*
    ), logged AS (
        INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, worker)
        SELECT c.id, c.event_seq, c.queue, 'started', c.state, c.attempt, p_worker FROM claimed c
    )
    SELECT * FROM claimed ORDER BY priority DESC, run_at, id;
END
$$;

-- Worker processes and their heartbeats; a worker whose heartbeat is old is dead.
CREATE TABLE sluice.workers (
    id           text        PRIMARY KEY,
    host         text        NOT NULL,
    pid          bigint      NOT NULL,
    role         text        NOT NULL,
    queues       text[]      NOT NULL,
    version      text        NOT NULL,
    info         jsonb       NOT NULL DEFAULT '{}',
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    stopped_at   timestamptz
);

-- Periodic jobs: the last period each schedule fired for. Firing is a guarded update of this row in
-- the same transaction as the enqueue, so each period is enqueued once across every process.
CREATE TABLE sluice.periodic_schedules (
    name         text        PRIMARY KEY,
    cron         text        NOT NULL,
    last_fire_at timestamptz NOT NULL
);
