-- Where occurrences are seen (GitGuardian's occurrence.source): one row per repository, per
-- detection-rule store and per push-protected repository of a tenant, with a stable numeric id
-- for the occurrences filter source_id.
CREATE TABLE secret_source (
    id        bigserial PRIMARY KEY,
    tenant_id uuid      NOT NULL,
    kind      text      NOT NULL CHECK (kind IN ('repository', 'detection_rules', 'push_protection')),
    full_name text      NOT NULL,            -- owner/name, or '' when the sighting has no repository
    platform  text      NOT NULL DEFAULT 'github',
    UNIQUE (tenant_id, kind, full_name)
);

ALTER TABLE secret_occurrence ADD COLUMN source_id bigint REFERENCES secret_source (id);
CREATE INDEX secret_occurrence_source ON secret_occurrence (tenant_id, source_id);

-- The public share link of an incident (share / unshare).
ALTER TABLE secret_incident
    ADD COLUMN share_token         uuid,
    ADD COLUMN share_feedback      boolean NOT NULL DEFAULT true,
    ADD COLUMN share_auto_healing  boolean NOT NULL DEFAULT false,
    ADD COLUMN share_expire_at     timestamptz,
    ADD COLUMN share_revoked_at    timestamptz;
