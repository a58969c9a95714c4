-- Sync sources: user-pushed (push_key + branch) or GitHub-polled (a repo-config connection).
CREATE TABLE sync_source (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('push', 'github_polled')),
    push_key            text        CHECK (length(push_key) <= 256),
    branch              text        NOT NULL CHECK (length(branch) BETWEEN 1 AND 256),
    repo_connection_id  text        CHECK (repo_connection_id ~ '^rc_[0-9A-Za-z]{24}$'),
    repository          text        CHECK (length(repository) <= 256),
    directory           text        NOT NULL DEFAULT '' CHECK (length(directory) <= 1024),
    sync_config_path    text        NOT NULL DEFAULT 'sync-config.yaml' CHECK (length(sync_config_path) <= 1024),
    last_commit_sha     text,
    last_synced_at      timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'push' AND push_key IS NOT NULL)
        OR (kind = 'github_polled' AND repo_connection_id IS NOT NULL AND repository IS NOT NULL))
);
CREATE UNIQUE INDEX sync_source_push_key ON sync_source (tenant_id, push_key, branch) WHERE kind = 'push';
CREATE UNIQUE INDEX sync_source_polled ON sync_source (tenant_id, repo_connection_id, repository, branch, directory)
    WHERE kind = 'github_polled';
CREATE INDEX sync_source_polled_all ON sync_source (kind, tenant_id);

-- One row per sync run of a source, successful or not.
CREATE TABLE sync_attempt (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid        NOT NULL,
    sync_source_id      uuid        NOT NULL REFERENCES sync_source (id) ON DELETE CASCADE,
    status              text        NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped')),
    commit_sha          text        CHECK (length(commit_sha) <= 256),
    commit_message      text        CHECK (length(commit_message) <= 65536),
    rules_synced        integer     NOT NULL DEFAULT 0,
    rules_deleted       integer     NOT NULL DEFAULT 0,
    failures            jsonb       NOT NULL DEFAULT '[]',
    warnings            jsonb       NOT NULL DEFAULT '[]',
    error               text,
    started_at          timestamptz NOT NULL,
    finished_at         timestamptz NOT NULL
);
CREATE INDEX sync_attempt_by_source ON sync_attempt (sync_source_id, started_at DESC, id);

-- Materialized detection rules: from a source's file, or upserted by push key (no source).
CREATE TABLE detection_rule (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid        NOT NULL,
    sync_source_id      uuid        REFERENCES sync_source (id) ON DELETE CASCADE,
    file_path           text        CHECK (length(file_path) <= 1024),
    sync_key            text        CHECK (length(sync_key) <= 256),
    name                text        NOT NULL,
    description         text        NOT NULL,
    severity            text        NOT NULL,
    enabled_state       text        NOT NULL CHECK (enabled_state IN ('Active', 'Staging', 'Paused')),
    query_text          text        NOT NULL,
    time_range_s        integer     NOT NULL,
    run_frequency_s     integer     NOT NULL,
    tags                jsonb       NOT NULL DEFAULT '[]',
    event_sink_keys     jsonb       NOT NULL DEFAULT '[]',
    event_sink_ids      jsonb       NOT NULL DEFAULT '[]',
    alert_template      jsonb,
    dedup_window_s      integer,
    alert_per_row       boolean,
    rule_yaml           text        NOT NULL,
    sha256              text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX detection_rule_file ON detection_rule (sync_source_id, file_path) WHERE sync_source_id IS NOT NULL;
CREATE UNIQUE INDEX detection_rule_push_key ON detection_rule (tenant_id, sync_key) WHERE sync_source_id IS NULL;
CREATE INDEX detection_rule_by_tenant ON detection_rule (tenant_id, id);
