-- GitGuardian's token object carries the workspace's integer id ("workspace_id" in the responses
-- ggshield recorded from /v1/api_tokens/self). A tenant is Vigil's workspace, so it gets one too.
CREATE SEQUENCE tenants_workspace_id_seq;

ALTER TABLE tenants
    ADD COLUMN workspace_id bigint NOT NULL DEFAULT nextval('tenants_workspace_id_seq');

ALTER SEQUENCE tenants_workspace_id_seq OWNED BY tenants.workspace_id;

ALTER TABLE tenants ADD CONSTRAINT tenants_workspace_id_key UNIQUE (workspace_id);
