-- Push protection (issue 14): pattern configurations of the enterprise (the tenant) and of its
-- organizations, custom patterns, bypasses, block counts, and the organizations the tenant has
-- repositories in. No secret is stored: a bypass keeps only a keyed hash of its secret.

-- One row per configured level; scope '' is the enterprise, else an organization's login in lower
-- case. version is the optimistic-concurrency token GitHub calls pattern_config_version.
CREATE TABLE push_pattern_configs (
    tenant_id  uuid        NOT NULL,
    scope      text        NOT NULL CHECK (length(scope) <= 100),
    version    text        NOT NULL CHECK (length(version) <= 64),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, scope)
);

-- A level's own setting for a provider pattern; no row means not-set (inherit).
CREATE TABLE push_pattern_settings (
    tenant_id  uuid NOT NULL,
    scope      text NOT NULL,
    token_type text NOT NULL CHECK (length(token_type) <= 100),
    setting    text NOT NULL CHECK (setting IN ('enabled', 'disabled')),
    PRIMARY KEY (tenant_id, scope, token_type),
    FOREIGN KEY (tenant_id, scope) REFERENCES push_pattern_configs (tenant_id, scope) ON DELETE CASCADE
);

-- Custom patterns, numbered per tenant (token type cp_N), defined at one level.
CREATE TABLE custom_patterns (
    tenant_id       uuid        NOT NULL,
    number          integer     NOT NULL CHECK (number > 0),
    scope           text        NOT NULL CHECK (length(scope) <= 100),
    name            text        NOT NULL CHECK (length(name) <= 100),
    slug            text        NOT NULL CHECK (length(slug) <= 120),
    secret_format   text        NOT NULL CHECK (length(secret_format) <= 1000),
    before_secret   text        CHECK (length(before_secret) <= 1000),
    after_secret    text        CHECK (length(after_secret) <= 1000),
    must_match      text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(must_match) <= 10),
    must_not_match  text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(must_not_match) <= 10),
    push_protection text        NOT NULL CHECK (push_protection IN ('enabled', 'disabled')),
    version         text        NOT NULL CHECK (length(version) <= 64),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, number)
);

-- The last cp_N handed out per tenant: numbers are never reused, even after a delete.
CREATE TABLE custom_pattern_numbers (
    tenant_id   uuid    PRIMARY KEY,
    last_number integer NOT NULL
);

-- A secret allowed into one repository by a bypass.
CREATE TABLE push_bypasses (
    tenant_id   uuid        NOT NULL,
    repository  text        NOT NULL CHECK (length(repository) <= 300),
    secret_hash text        NOT NULL CHECK (length(secret_hash) <= 64),
    token_type  text        NOT NULL CHECK (length(token_type) <= 100),
    reason      text        NOT NULL CHECK (reason IN ('false_positive', 'used_in_tests', 'will_fix_later')),
    incident_id bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, repository, secret_hash)
);

-- How many secrets push checks blocked, per token type: the denominator of bypass_rate.
CREATE TABLE push_blocks (
    tenant_id  uuid   NOT NULL,
    token_type text   NOT NULL CHECK (length(token_type) <= 100),
    blocked    bigint NOT NULL,
    PRIMARY KEY (tenant_id, token_type)
);

-- The tenant's connected repositories from vigil.repos.v1: their owners are its organizations.
CREATE TABLE push_repositories (
    tenant_id  uuid        NOT NULL,
    full_name  text        NOT NULL CHECK (length(full_name) <= 512),
    owner      text        NOT NULL CHECK (length(owner) <= 512),
    connected  boolean     NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, full_name)
);
CREATE INDEX push_repositories_owner ON push_repositories (tenant_id, owner) WHERE connected;
