-- Shared by every Vigil service (libs/service-kit). Services' own migrations start at V2.

-- Transactional outbox: rows are written in the same transaction as the state change they
-- describe, then published to Kafka by OutboxRelay.
CREATE TABLE outbox_event (
    id           uuid        PRIMARY KEY,           -- the CloudEvent id
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    event_type   text        NOT NULL,
    payload      text        NOT NULL,              -- the CloudEvent JSON exactly as published
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz,
    attempts     integer     NOT NULL DEFAULT 0
);

-- The relay only ever scans unpublished rows, oldest first.
CREATE INDEX outbox_event_pending ON outbox_event (created_at, id) WHERE published_at IS NULL;
CREATE INDEX outbox_event_published ON outbox_event (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumers: an event id is handled once per consumer group, even when redelivered.
CREATE TABLE processed_event (
    consumer_group text        NOT NULL,
    event_id       text        NOT NULL,
    processed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, event_id)
);
