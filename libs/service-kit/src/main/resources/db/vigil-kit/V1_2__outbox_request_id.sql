-- Shared by every Vigil service (libs/service-kit), after V1_1 (see its note on numbering).

-- The id of the HTTP request whose transaction appended the event (service-kit RequestIds), or NULL
-- for work no request started. OutboxRelay publishes it as the record's X-Request-Id header, and
-- consumers put it back into the logging MDC, so the asynchronous work a request started logs the
-- same requestId as the request itself.
ALTER TABLE outbox_event ADD COLUMN request_id text CHECK (length(request_id) <= 128);
