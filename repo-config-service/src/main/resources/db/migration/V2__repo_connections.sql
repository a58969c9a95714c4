-- Repository connections, their repositories and service mappings, encrypted credentials,
-- per-project quota counters and idempotency keys. V1 (outbox, processed_event) is shared.
-- Every table carries tenant_id and project_id and every query filters by both; child tables
-- reference the parent with (id, tenant_id, project_id) so a child row can never belong to
-- another tenant than its connection.

CREATE TABLE repo_connection (
    id                      text        PRIMARY KEY
                                        CHECK (id ~ '^rc_[0-9A-Za-z]{24}$'),
    tenant_id               uuid        NOT NULL,
    project_id              uuid        NOT NULL,
    platform                text        NOT NULL
                                        CHECK (platform IN ('github', 'gitlab', 'bitbucket')),
    -- GitHub Enterprise Server / self-managed GitLab only; NULL means the public cloud API.
    base_url                text        CHECK (base_url IS NULL
                                               OR (platform <> 'bitbucket'
                                                   AND base_url LIKE 'https://%'
                                                   AND length(base_url) <= 2048)),
    lookback_days           integer     NOT NULL DEFAULT 30
                                        CHECK (lookback_days BETWEEN 1 AND 365),
    credential_kind         text        NOT NULL
                                        CHECK (credential_kind IN ('token', 'app_password')),
    -- Envelope encryption (AES-256-GCM): the data key is wrapped under key-encryption key kek_id.
    kek_id                  text        NOT NULL CHECK (kek_id ~ '^[A-Za-z0-9._-]{1,64}$'),
    wrapped_data_key        bytea       NOT NULL CHECK (octet_length(wrapped_data_key) = 48),
    data_key_iv             bytea       NOT NULL CHECK (octet_length(data_key_iv) = 12),
    credential_iv           bytea       NOT NULL CHECK (octet_length(credential_iv) = 12),
    credential_ciphertext   bytea       NOT NULL CHECK (octet_length(credential_ciphertext) >= 16),
    credentials_verified_at timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    version                 integer     NOT NULL DEFAULT 0,
    -- Bitbucket uses app passwords, GitHub and GitLab use tokens.
    CONSTRAINT repo_connection_kind_matches_platform
        CHECK ((platform = 'bitbucket') = (credential_kind = 'app_password')),
    -- Target of the children's composite foreign keys.
    CONSTRAINT repo_connection_tenant_key UNIQUE (id, tenant_id, project_id)
);

-- Listing a project's connections (keyset pagination on created_at, id).
CREATE INDEX repo_connection_list_idx
    ON repo_connection (tenant_id, project_id, created_at, id);

-- Key rotation finds envelopes still wrapped under an old key.
CREATE INDEX repo_connection_kek_idx ON repo_connection (kek_id);

CREATE TABLE connected_repository (
    connection_id       text        NOT NULL,
    tenant_id           uuid        NOT NULL,
    project_id          uuid        NOT NULL,
    full_name           text        NOT NULL CHECK (length(full_name) BETWEEN 3 AND 1024),
    position            integer     NOT NULL CHECK (position >= 0),
    -- Filled from the platform's repository metadata; NULL until fetched.
    default_branch      text        CHECK (default_branch IS NULL
                                           OR length(default_branch) BETWEEN 1 AND 255),
    visibility          text        CHECK (visibility IN ('public', 'private', 'internal')),
    credentials_valid   boolean,
    metadata_fetched_at timestamptz,
    metadata_error      text        CHECK (length(metadata_error) <= 2000),
    PRIMARY KEY (connection_id, full_name),
    CONSTRAINT connected_repository_position_key UNIQUE (connection_id, position),
    CONSTRAINT connected_repository_connection_fk
        FOREIGN KEY (connection_id, tenant_id, project_id)
        REFERENCES repo_connection (id, tenant_id, project_id) ON DELETE CASCADE
);

-- The platforms treat repository paths case-insensitively, and so does the validator.
CREATE UNIQUE INDEX connected_repository_name_ci_key
    ON connected_repository (connection_id, lower(full_name));

-- "Is this repository connected in this project?" lookups.
CREATE INDEX connected_repository_project_idx
    ON connected_repository (tenant_id, project_id, lower(full_name));

CREATE TABLE service_mapping (
    connection_id   text    NOT NULL,
    tenant_id       uuid    NOT NULL,
    project_id      uuid    NOT NULL,
    position        integer NOT NULL CHECK (position >= 0),
    service_name    text    NOT NULL CHECK (service_name ~ '^[A-Za-z0-9._-]{1,100}$'),
    repo            text    NOT NULL,
    path_prefix     text    NOT NULL CHECK (length(path_prefix) <= 1024),
    default_branch  text    NOT NULL CHECK (length(default_branch) BETWEEN 1 AND 255),
    PRIMARY KEY (connection_id, position),
    CONSTRAINT service_mapping_repo_prefix_key UNIQUE (connection_id, repo, path_prefix),
    CONSTRAINT service_mapping_connection_fk
        FOREIGN KEY (connection_id, tenant_id, project_id)
        REFERENCES repo_connection (id, tenant_id, project_id) ON DELETE CASCADE,
    -- A mapping's repo must be one of the connection's repositories.
    CONSTRAINT service_mapping_repository_fk
        FOREIGN KEY (connection_id, repo)
        REFERENCES connected_repository (connection_id, full_name) ON DELETE CASCADE
);

CREATE INDEX service_mapping_project_idx ON service_mapping (tenant_id, project_id, repo);

-- One row per project, locked with SELECT ... FOR UPDATE while repositories are added or
-- removed, so concurrent requests cannot both pass the plan's quota check.
CREATE TABLE project_repo_count (
    tenant_id   uuid        NOT NULL,
    project_id  uuid        NOT NULL,
    repo_count  integer     NOT NULL DEFAULT 0 CHECK (repo_count >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, project_id)
);

CREATE TABLE idempotency_key (
    tenant_id           uuid        NOT NULL,
    project_id          uuid        NOT NULL,
    key                 text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    -- SHA-256 hex of method, path and canonical body (RequestFingerprint).
    request_fingerprint text        NOT NULL CHECK (request_fingerprint ~ '^[0-9a-f]{64}$'),
    state               text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    response_status     integer     CHECK (response_status BETWEEN 100 AND 599),
    -- Replayed verbatim; never holds credentials.
    response_body       jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, project_id, key),
    CONSTRAINT idempotency_key_completed_has_status
        CHECK (state <> 'completed' OR response_status IS NOT NULL),
    CONSTRAINT idempotency_key_expiry_after_creation CHECK (expires_at > created_at)
);

-- Purging expired keys.
CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at);

-- Every decryption of stored credentials. No foreign key: the trail must outlive the connection.
CREATE TABLE credential_access_audit (
    id              bigserial   PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    project_id      uuid        NOT NULL,
    connection_id   text        NOT NULL,
    accessor        text        NOT NULL CHECK (length(accessor) BETWEEN 1 AND 200),
    purpose         text        NOT NULL CHECK (length(purpose) BETWEEN 1 AND 200),
    accessed_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX credential_access_audit_connection_idx
    ON credential_access_audit (tenant_id, project_id, connection_id, accessed_at);
