-- Blocked secrets that may still be bypassed, by placeholder id. Kept in the database, not in one
-- replica's memory, so a bypass works on any replica and after a restart. As everywhere else, no
-- secret is stored: only its keyed hash and the redacted preview an incident shows.
CREATE TABLE push_placeholders (
    tenant_id      uuid        NOT NULL,
    placeholder_id text        NOT NULL CHECK (length(placeholder_id) <= 64),
    repository     text        NOT NULL CHECK (length(repository) <= 201),
    secret_hash    text        NOT NULL CHECK (length(secret_hash) <= 128),
    secret_preview text        NOT NULL CHECK (length(secret_preview) <= 256),
    token_type     text        NOT NULL CHECK (length(token_type) <= 100),
    display_name   text        NOT NULL CHECK (length(display_name) <= 200),
    path           text        NOT NULL CHECK (length(path) <= 4096),
    commit_sha     text        CHECK (length(commit_sha) <= 64),
    line           integer     NOT NULL,
    start_offset   integer     NOT NULL,
    end_offset     integer     NOT NULL,
    expires_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, placeholder_id)
);
CREATE INDEX push_placeholders_by_age ON push_placeholders (tenant_id, expires_at);
