-- secrets-service: GitGuardian-style secret incidents and their occurrences.
-- Every table carries tenant_id; every query filters by it. A secret is never stored in clear:
-- only its keyed hash (HMAC, key from configuration, per tenant) and a redacted preview.

CREATE TABLE secret_incident (
    id                          bigserial   PRIMARY KEY,
    tenant_id                   uuid        NOT NULL,
    secret_hash                 text        NOT NULL,             -- base64 HMAC-SHA256 of tenant + secret
    secret_preview              text        NOT NULL,             -- e.g. "ghp_…x9": never the whole secret
    detector_name               text        NOT NULL,             -- token type, e.g. github_pat or cp_3
    detector_display_name       text        NOT NULL,
    detector_nature             text        NOT NULL,
    detector_family             text        NOT NULL,
    detector_group_name         text        NOT NULL,
    detector_group_display_name text        NOT NULL,
    status                      text        NOT NULL CHECK (status IN ('TRIGGERED', 'ASSIGNED', 'RESOLVED', 'IGNORED')),
    severity                    text        NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info', 'unknown')),
    validity                    text        NOT NULL CHECK (validity IN ('valid', 'invalid', 'failed_to_check', 'no_checker', 'unknown')),
    validity_checked_at         timestamptz,
    regression                  boolean     NOT NULL DEFAULT false,
    tags                        text[]      NOT NULL DEFAULT '{}',
    assignee_id                 bigint,
    assignee_email              text,
    ignore_reason               text        CHECK (ignore_reason IN ('test_credential', 'false_positive', 'low_risk')),
    ignored_at                  timestamptz,
    ignorer_id                  bigint,
    ignorer_api_token_id        uuid,
    resolved_at                 timestamptz,
    resolver_id                 bigint,
    resolver_api_token_id       uuid,
    secret_revoked              boolean     NOT NULL DEFAULT false,
    occurrences_count           integer     NOT NULL DEFAULT 0,
    context                     jsonb       NOT NULL DEFAULT '{}', -- facts of the first sighting, e.g. bypass_reason
    date                        timestamptz NOT NULL DEFAULT clock_timestamp(), -- last trigger date
    created_at                  timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (tenant_id, secret_hash)
);
-- Listing orders by date / resolved_at / ignored_at with id as the tie-breaker, always per tenant.
CREATE INDEX secret_incident_date ON secret_incident (tenant_id, date, id);
CREATE INDEX secret_incident_resolved ON secret_incident (tenant_id, resolved_at, id);
CREATE INDEX secret_incident_ignored ON secret_incident (tenant_id, ignored_at, id);
CREATE INDEX secret_incident_detector ON secret_incident (tenant_id, detector_name);

-- Every place a secret was seen. repository and commit_sha are '' when unknown so that the unique
-- key below treats "no commit" as one value (a redelivered sighting adds nothing).
CREATE TABLE secret_occurrence (
    id           bigserial   PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    incident_id  bigint      NOT NULL REFERENCES secret_incident (id),
    source       text        NOT NULL CHECK (source IN ('repository', 'detection_rules', 'push_protection')),
    repository   text        NOT NULL DEFAULT '',
    path         text        NOT NULL,
    commit_sha   text        NOT NULL DEFAULT '',
    author_name  text,
    author_email text,
    line         integer     NOT NULL,
    start_offset integer     NOT NULL,
    end_offset   integer     NOT NULL,
    match_name   text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('Realtime', 'Historical')),
    presence     text        NOT NULL CHECK (presence IN ('present', 'removed')),
    date         timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (incident_id, source, repository, path, commit_sha, start_offset)
);
CREATE INDEX secret_occurrence_incident ON secret_occurrence (tenant_id, incident_id, date, id);
CREATE INDEX secret_occurrence_date ON secret_occurrence (tenant_id, date, id);
