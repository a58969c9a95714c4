-- Identity data owned by the gateway: tenants, their projects and members, API tokens (stored only
-- as keyed hashes), the keys that sign internal JWTs, and the backends' own client credentials.
-- V1 is reserved for the shared outbox tables (libs/service-kit).
--
-- Every tenant-owned row carries tenant_id, and references between tenant-owned rows are
-- composite (tenant_id, id) foreign keys, so a row can never point into another tenant.
-- signing_keys and service_clients belong to the installation, not to a tenant.

CREATE TABLE tenants (
    id         uuid        PRIMARY KEY,
    -- Also the tenant's GitHub enterprise slug: lower-case letters and digits in groups joined by
    -- single hyphens, at most 60 characters (dev.vigil.gateway.domain.TenantSlug).
    slug       text        NOT NULL,
    -- Rate-limit plan name (RateLimitPlans); unknown names fall back to "free" in the gateway.
    plan       text        NOT NULL DEFAULT 'free',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_slug_key UNIQUE (slug),
    CONSTRAINT tenants_slug_format CHECK (
        char_length(slug) <= 60 AND slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT tenants_plan_format CHECK (plan ~ '^[a-z0-9_-]{1,32}$')
);

-- SigSentry projects (X-Project-Id): they group repository connections.
CREATE TABLE projects (
    id         uuid        PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT projects_tenant_name_key UNIQUE (tenant_id, name),
    -- Target of the composite foreign keys below.
    CONSTRAINT projects_tenant_id_key UNIQUE (tenant_id, id),
    CONSTRAINT projects_name_length CHECK (char_length(name) BETWEEN 1 AND 255)
);

-- Integer ids, because GitGuardian's member_id and creator_id are integers.
CREATE TABLE members (
    id         bigserial   PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    email      text        NOT NULL,
    -- GitGuardian's workspace access levels.
    role       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT members_tenant_id_key UNIQUE (tenant_id, id),
    CONSTRAINT members_role_check CHECK (role IN ('owner', 'manager', 'member', 'restricted')),
    CONSTRAINT members_email_format CHECK (
        char_length(email) BETWEEN 3 AND 320 AND position('@' IN email) > 1)
);

-- E-mail addresses are unique per tenant regardless of case.
CREATE UNIQUE INDEX members_tenant_email_key ON members (tenant_id, lower(email));

CREATE TABLE api_tokens (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    -- The member the token acts as.
    member_id    bigint      NOT NULL,
    -- Who created it; kept as NULL once that member is deleted.
    creator_id   bigint,
    name         text        NOT NULL,
    type         text        NOT NULL,
    -- Hex HMAC-SHA256 of the whole token under the gateway's pepper (TokenHasher). The token
    -- itself is never stored.
    token_hash   text        NOT NULL,
    -- Wire names (incidents:read, ...); validated by the gateway, so adding a scope needs no
    -- migration.
    scopes       text[]      NOT NULL DEFAULT '{}',
    -- Set for a project-pinned (SigSentry project-scoped) key.
    project_id   uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expire_at    timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_member_fk FOREIGN KEY (tenant_id, member_id)
        REFERENCES members (tenant_id, id),
    CONSTRAINT api_tokens_creator_fk FOREIGN KEY (tenant_id, creator_id)
        REFERENCES members (tenant_id, id) ON DELETE SET NULL (creator_id),
    -- No cascade and no SET NULL: deleting a project must not silently widen a pinned token to
    -- the whole tenant. Its tokens are deleted first, in the same transaction.
    CONSTRAINT api_tokens_project_fk FOREIGN KEY (tenant_id, project_id)
        REFERENCES projects (tenant_id, id),
    CONSTRAINT api_tokens_type_check CHECK (type IN ('personal_access_token', 'service_account')),
    CONSTRAINT api_tokens_hash_format CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT api_tokens_name_length CHECK (char_length(name) BETWEEN 1 AND 255),
    CONSTRAINT api_tokens_scopes_no_nulls CHECK (array_position(scopes, NULL) IS NULL),
    CONSTRAINT api_tokens_expiry_after_creation CHECK (expire_at IS NULL OR expire_at > created_at)
);

-- GET /v1/api_tokens: newest or oldest first within a tenant, keyset pagination on (created_at, id).
CREATE INDEX api_tokens_tenant_created_idx ON api_tokens (tenant_id, created_at, id);
-- member_id filter, and revoking a deleted member's tokens.
CREATE INDEX api_tokens_tenant_member_idx ON api_tokens (tenant_id, member_id);
-- The foreign key to members on creator_id (ON DELETE SET NULL looks rows up by it).
CREATE INDEX api_tokens_tenant_creator_idx ON api_tokens (tenant_id, creator_id)
    WHERE creator_id IS NOT NULL;
-- Deleting a project finds its pinned tokens.
CREATE INDEX api_tokens_tenant_project_idx ON api_tokens (tenant_id, project_id)
    WHERE project_id IS NOT NULL;
-- Authentication by hash uses the unique index of api_tokens_token_hash_key.

-- Keys that sign the internal JWTs; the public halves are served as the gateway's JWKS.
CREATE TABLE signing_keys (
    kid                    text        PRIMARY KEY,
    -- JWS algorithm of the key (RS256 is what the services verify today).
    alg                    text        NOT NULL DEFAULT 'RS256',
    -- The private key as PKCS#8 DER, encrypted with AES-256-GCM under a key-encryption key from
    -- the gateway's configuration: 12-byte nonce || ciphertext || 16-byte tag, with the kid as
    -- additional authenticated data so a blob cannot be moved to another row.
    private_key_ciphertext bytea       NOT NULL,
    -- Which key-encryption key was used, so it can be rotated by re-encrypting row by row.
    kek_id                 text        NOT NULL,
    -- Public JWK (kty, n/e or crv/x/y, kid, alg, use); never contains private members.
    public_jwk             jsonb       NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    -- Published in the JWKS from created_at on, used for signing from not_before on (so verifiers
    -- fetch it before the first token signed with it), and dropped after retire_after.
    not_before             timestamptz NOT NULL,
    retire_after           timestamptz NOT NULL,
    CONSTRAINT signing_keys_kid_format CHECK (kid ~ '^[A-Za-z0-9_-]{1,64}$'),
    CONSTRAINT signing_keys_alg_check CHECK (alg IN ('RS256', 'ES256', 'EdDSA')),
    CONSTRAINT signing_keys_jwk_public CHECK (
        jsonb_typeof(public_jwk) = 'object'
        AND public_jwk ->> 'kid' = kid
        AND public_jwk -> 'd' IS NULL
        AND public_jwk -> 'p' IS NULL
        AND public_jwk -> 'q' IS NULL),
    CONSTRAINT signing_keys_validity CHECK (retire_after > not_before)
);

CREATE INDEX signing_keys_validity_idx ON signing_keys (not_before, retire_after);

-- Backends' own identities (client credentials), e.g. sync-service fetching repository
-- credentials from repo-config-service's internal endpoint through a gateway-issued JWT.
CREATE TABLE service_clients (
    client_id    text        PRIMARY KEY,
    -- TokenHasher hash of the client secret; the secret is never stored.
    secret_hash  text        NOT NULL,
    service_name text        NOT NULL,
    -- Internal scopes, not API token scopes.
    scopes       text[]      NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    disabled_at  timestamptz,
    CONSTRAINT service_clients_client_id_format CHECK (client_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    CONSTRAINT service_clients_secret_hash_format CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT service_clients_service_name_check CHECK (service_name IN (
        'gateway-service', 'sync-service', 'scanning-service', 'secrets-service',
        'repo-config-service')),
    CONSTRAINT service_clients_scopes_no_nulls CHECK (array_position(scopes, NULL) IS NULL)
);
