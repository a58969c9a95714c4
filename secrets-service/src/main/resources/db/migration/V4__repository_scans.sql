-- Secret scans of connected repositories' default branches: one row per request (a
-- repo.connected/updated event or POST /v1/secret-scans). A worker claims queued rows (and rows
-- whose worker stopped answering, so a scan resumes after a crash); a commit already scanned
-- completely for the tenant's repository is never scanned again (the row ends 'skipped').
CREATE TABLE secret_repository_scan (
    id             bigserial   PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    trigger_id     text        NOT NULL,             -- event id, or a request id for the API
    connection_id  text        NOT NULL,
    platform       text        NOT NULL,
    repository     text        NOT NULL,             -- owner/name
    ref            text        NOT NULL,             -- the branch scanned
    commit_sha     text,                             -- known once the archive is read
    status         text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'skipped', 'failed')),
    attempts       integer     NOT NULL DEFAULT 0,
    files_scanned  integer     NOT NULL DEFAULT 0,
    files_skipped  integer     NOT NULL DEFAULT 0,
    secrets_found  integer     NOT NULL DEFAULT 0,
    error          text,                             -- why it failed, never a credential
    heartbeat_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at    timestamptz,
    UNIQUE (tenant_id, trigger_id)
);
CREATE INDEX secret_repository_scan_work ON secret_repository_scan (status, id);
CREATE UNIQUE INDEX secret_repository_scan_once
    ON secret_repository_scan (tenant_id, repository, commit_sha) WHERE status = 'completed';
