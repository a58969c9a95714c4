-- Shared by every Vigil service (libs/service-kit), after V1. Version 1.1 so that no service's own
-- numbering (V2 onwards) is taken; databases migrated before it get it out of order
-- (quarkus.flyway.out-of-order=true in the kit's defaults).

-- Events Kafka can never take (too large, invalid topic): moved here by OutboxRelay with the
-- reason, so the events behind them flow on. Kept for an operator to inspect; never retried.
CREATE TABLE outbox_dead_letter (
    id            uuid        PRIMARY KEY,           -- the CloudEvent id
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    event_type    text        NOT NULL,
    payload       text        NOT NULL,
    payload_bytes integer     NOT NULL,
    created_at    timestamptz NOT NULL,              -- when the event was appended
    failed_at     timestamptz NOT NULL DEFAULT now(),
    reason        text        NOT NULL CHECK (length(reason) <= 1000)
);

-- The relay's fast lane: work-item topics are published before a backlog of other events.
CREATE INDEX outbox_event_pending_by_topic ON outbox_event (topic, created_at, id)
    WHERE published_at IS NULL;

-- Wakes the relay at commit (LISTEN vigil_outbox); once per statement, so one COPY of thousands of
-- rows is one notification, and PostgreSQL folds repeats within a transaction.
CREATE FUNCTION vigil_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('vigil_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_event_inserted AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION vigil_outbox_notify();
