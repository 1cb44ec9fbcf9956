-- Saved scripts (per user) and system settings such as the execution limits' maxima.

CREATE TABLE sluice.scripts (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner      text        NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    language   text        NOT NULL CHECK (language ~ '^[a-z][a-z0-9+]{0,19}$'),
    code       text        NOT NULL CHECK (octet_length(code) <= 262144),
    stdin      text        CHECK (octet_length(stdin) <= 262144),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scripts_name_per_owner UNIQUE (owner, name)
);

CREATE TABLE sluice.settings (
    key        text        PRIMARY KEY,
    value      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- executions are jobs of type 'execution'; their history is listed per owner, newest first
CREATE INDEX jobs_executions ON sluice.jobs (owner, id DESC) WHERE type = 'execution';
