-- Request counts per tenant, rate-limit resource and fixed window, shared by every gateway replica:
-- each adds its own requests every sync interval (one upsert of all its windows) and reads the
-- total. Rows of ended windows are deleted by the replicas' periodic purge.
CREATE TABLE rate_limit_window (
    tenant_id        uuid   NOT NULL,
    resource         text   NOT NULL CHECK (length(resource) <= 64),
    window_start_ms  bigint NOT NULL,
    request_count    bigint NOT NULL CHECK (request_count >= 0),
    PRIMARY KEY (tenant_id, resource, window_start_ms)
);
