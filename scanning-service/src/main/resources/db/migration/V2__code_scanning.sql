-- scanning-service: repository read model, SARIF uploads, analyses, rules, alerts and instances.
-- Every table carries tenant_id or hangs off a row that does; every query filters by tenant.

-- Read model of repo-config's connections (vigil.repos.v1). A repository is known to code
-- scanning only while a connection for it is connected; a disconnected one stays as a tombstone so
-- that an older event delivered late cannot bring it back.
CREATE TABLE repo_connection (
    connection_id    text        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    project_id       uuid        NOT NULL,
    platform         text        NOT NULL,
    full_name        text        NOT NULL,
    full_name_lower  text        NOT NULL,              -- GitHub owner/repo lookups ignore case
    default_branch   text,
    service_mappings text        NOT NULL DEFAULT '[]', -- JSON array of {serviceName, pathPrefix, defaultBranch}
    connected        boolean     NOT NULL,
    event_time       timestamptz NOT NULL,              -- time of the event last applied
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX repo_connection_lookup ON repo_connection (tenant_id, full_name_lower);

-- Code scanning's own identity of a repository: stable across disconnect/reconnect, owns the
-- per-repository alert number sequence. Its row lock serialises processing of one repository.
CREATE TABLE scan_repository (
    id                bigserial PRIMARY KEY,
    tenant_id         uuid      NOT NULL,
    full_name_lower   text      NOT NULL,
    next_alert_number bigint    NOT NULL DEFAULT 1,
    UNIQUE (tenant_id, full_name_lower)
);

CREATE TABLE sarif_upload (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    repo_id        bigint      NOT NULL REFERENCES scan_repository (id),
    full_name      text        NOT NULL,
    commit_sha     text        NOT NULL,
    ref            text        NOT NULL,
    checkout_uri   text,
    tool_name      text,
    started_at     timestamptz,
    analysis_key   text,
    environment    text,
    validate_only  boolean     NOT NULL DEFAULT false,
    stored_bytes   bigint      NOT NULL,
    status         text        NOT NULL CHECK (status IN ('pending', 'complete', 'failed')),
    errors         text,                                 -- JSON array of strings when failed
    attempts       integer     NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    processed_at   timestamptz
);
-- Processing takes a repository's pending uploads oldest first; the sweep finds stale ones.
CREATE INDEX sarif_upload_pending_repo ON sarif_upload (repo_id, created_at, id) WHERE status = 'pending';
CREATE INDEX sarif_upload_pending_age ON sarif_upload (created_at) WHERE status = 'pending';

-- The upload as received (gzip), apart from the status row so that status reads never load it.
CREATE TABLE sarif_payload (
    upload_id uuid  PRIMARY KEY REFERENCES sarif_upload (id) ON DELETE CASCADE,
    gzip      bytea NOT NULL
);

-- One analysis per SARIF run.
CREATE TABLE analysis (
    id            bigserial   PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    repo_id       bigint      NOT NULL REFERENCES scan_repository (id),
    upload_id     uuid        NOT NULL REFERENCES sarif_upload (id),
    run_index     integer     NOT NULL,
    ref           text        NOT NULL,
    commit_sha    text        NOT NULL,
    analysis_key  text        NOT NULL,
    environment   text        NOT NULL,
    category      text        NOT NULL,
    tool_name     text        NOT NULL,
    tool_version  text,
    tool_guid     text,
    results_count integer     NOT NULL,
    rules_count   integer     NOT NULL,
    warning       text        NOT NULL DEFAULT '',
    error         text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (upload_id, run_index)
);
CREATE INDEX analysis_repo ON analysis (repo_id, created_at, id);
-- A "set" (GitHub's deletion unit) is ref + tool + category.
CREATE INDEX analysis_set ON analysis (repo_id, ref, tool_name, category, created_at, id);

-- Latest metadata of each rule a tool reported in the repository.
CREATE TABLE scan_rule (
    repo_id           bigint           NOT NULL REFERENCES scan_repository (id),
    tool_name         text             NOT NULL,
    rule_id           text             NOT NULL,
    name              text,
    short_description text,
    full_description  text,
    help_text         text,
    help_markdown     text,
    help_uri          text,
    default_level     text,
    tags              text             NOT NULL DEFAULT '[]', -- JSON array of strings
    security_severity double precision,
    updated_at        timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (repo_id, tool_name, rule_id)
);

CREATE TABLE alert (
    id                      bigserial   PRIMARY KEY,
    tenant_id               uuid        NOT NULL,
    repo_id                 bigint      NOT NULL REFERENCES scan_repository (id),
    number                  bigint      NOT NULL,
    key_digest              uuid        NOT NULL,         -- first 128 bits of AlertKey.digest()
    tool_name               text        NOT NULL,
    tool_guid               text,
    tool_version            text,
    category                text        NOT NULL,
    rule_id                 text        NOT NULL,         -- '' when the result names no rule
    path                    text        NOT NULL,
    fingerprint             text        NOT NULL,
    severity                text        NOT NULL,
    security_severity_level text,
    state                   text        NOT NULL CHECK (state IN ('open', 'dismissed', 'fixed')),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    fixed_at                timestamptz,
    dismissed_at            timestamptz,
    dismissed_by_member     bigint,
    dismissed_by_login      text,
    dismissed_reason        text,
    dismissed_comment       text,
    UNIQUE (repo_id, key_digest),
    UNIQUE (repo_id, number)
);

-- Where an alert was last seen on each ref; state open/fixed per ref.
CREATE TABLE alert_instance (
    alert_id        bigint      NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    ref             text        NOT NULL,
    repo_id         bigint      NOT NULL,
    tool_name       text        NOT NULL,                 -- the alert's, so that fixing needs no join
    analysis_id     bigint,
    upload_id       uuid        NOT NULL,                 -- the upload that last saw it
    commit_sha      text        NOT NULL,
    analysis_key    text        NOT NULL,
    environment     text        NOT NULL,
    category        text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('open', 'fixed')),
    message         text        NOT NULL,
    path            text,
    start_line      integer,
    end_line        integer,
    start_column    integer,
    end_column      integer,
    classifications text        NOT NULL DEFAULT '[]',
    seen_at         timestamptz NOT NULL DEFAULT now(),
    fixed_at        timestamptz,
    PRIMARY KEY (alert_id, ref)
);
CREATE INDEX alert_instance_ref ON alert_instance (repo_id, ref, alert_id);

-- The kept results of each analysis, for the SARIF view of an analysis. Alerts and instances take
-- their timestamps from the defaults (now(): the processing transaction's start).
CREATE TABLE analysis_result (
    analysis_id          bigint  NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    ordinal              integer NOT NULL,
    alert_id             bigint  NOT NULL,
    rule_id              text,
    level                text    NOT NULL,
    message              text    NOT NULL,
    path                 text,
    start_line           integer,
    end_line             integer,
    start_column         integer,
    end_column           integer,
    fingerprint          text    NOT NULL,
    partial_fingerprints text    NOT NULL DEFAULT '{}',   -- JSON object
    PRIMARY KEY (analysis_id, ordinal)
);
