-- Test-only table: every time the test consumer's handler runs, it adds a row. No unique
-- constraint on purpose, so a second run of the handler for one event would show as a duplicate.
CREATE TABLE kit_received (
    event_id    text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
