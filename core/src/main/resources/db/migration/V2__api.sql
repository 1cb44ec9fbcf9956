-- The HTTP API: users, their credentials and limits, API idempotency, and the http job allowlist.

CREATE TABLE sluice.users (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text        NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,62}$'),
    role          text        NOT NULL CHECK (role IN ('admin', 'user')),
    password_hash text        NOT NULL,
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username ON sluice.users (username);

-- Personal API tokens: only a hash is stored; the token itself is shown once.
CREATE TABLE sluice.api_tokens (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES sluice.users (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea       NOT NULL,
    prefix       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX api_tokens_hash ON sluice.api_tokens (token_hash);
CREATE INDEX api_tokens_user ON sluice.api_tokens (user_id);

-- Browser sessions (HttpOnly cookie); only a hash of the cookie is stored.
CREATE TABLE sluice.sessions (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES sluice.users (id) ON DELETE CASCADE,
    session_hash bytea       NOT NULL,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX sessions_hash ON sluice.sessions (session_hash);
CREATE INDEX sessions_expiry ON sluice.sessions (expires_at);

-- Per-user limits set by an admin; without a row the server's defaults apply. The running limit is
-- enforced by the engine through sluice.concurrency_limits (key user:<id>), kept in step with this row.
CREATE TABLE sluice.user_limits (
    user_id        bigint  PRIMARY KEY REFERENCES sluice.users (id) ON DELETE CASCADE,
    submit_per_min integer CHECK (submit_per_min > 0),
    submit_burst   integer CHECK (submit_burst > 0),
    max_running    integer CHECK (max_running >= 0)
);

-- Submission rate: one token bucket per user, refilled continuously, taken from in one guarded
-- statement, shared by every API process.
CREATE TABLE sluice.rate_buckets (
    user_id    bigint           PRIMARY KEY REFERENCES sluice.users (id) ON DELETE CASCADE,
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);

-- API idempotency: one row per (user, Idempotency-Key), written in the same transaction as the work
-- the request did, so a retried request gets the first response and a different body under the same
-- key is refused.
CREATE TABLE sluice.api_idempotency (
    user_id      bigint      NOT NULL REFERENCES sluice.users (id) ON DELETE CASCADE,
    key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea       NOT NULL,
    status       integer,
    response     jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX api_idempotency_created ON sluice.api_idempotency (created_at);

-- Hosts the http job type may deliver to, managed by admins (the --http-allow entries apply too).
CREATE TABLE sluice.http_allowlist (
    entry      text        PRIMARY KEY CHECK (length(entry) BETWEEN 1 AND 300),
    added_by   text,
    created_at timestamptz NOT NULL DEFAULT now()
);
