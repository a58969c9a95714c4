package dev.vigil.kit.outbox;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.kit.jdbc.CopyRows;
import dev.vigil.kit.web.RequestIds;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends events to the {@code outbox_event} table from a JDBC transaction, row for row what {@link
 * Outbox} writes from a reactive one, so the same relay publishes them. For services whose hot path
 * is blocking JDBC (a streaming parser feeding COPY), where a reactive session is not at hand; one
 * COPY carries any number of events.
 */
public final class JdbcOutbox {

  /** An event and its Kafka key. */
  public record Keyed(CloudEvent<?> event, String key) {}

  private JdbcOutbox() {}

  /**
   * Appends the events in order, in the connection's current transaction, each with the request id
   * of the work running now ({@link RequestIds#current()}).
   *
   * @throws OversizedEventException when an event is larger than {@link Outbox#MAX_EVENT_BYTES}
   *     (before anything is written; the caller's transaction should roll back)
   */
  public static void append(Connection connection, List<Keyed> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>(events.size());
    for (Keyed keyed : events) {
      CloudEvent<?> event = keyed.event();
      byte[] json = EventJson.write(event);
      OversizedEventException.check(
          event.type(),
          event.id(),
          json.length + keyed.key().getBytes(StandardCharsets.UTF_8).length);
      EventType type = EventType.fromType(event.type());
      rows.add(new Row(event.id(), type.topic(), keyed.key(), type.type(), json));
    }
    copy(connection, rows); // after every check: nothing is written when one fails
  }

  /**
   * Appends one batch row, in the connection's current transaction: many events of one change in
   * the compact form the service's {@link OutboxExpander} for {@code batchType} reads, published as
   * one record per event. The row's key is kept for inspection only; the records carry the keys the
   * expander gives them.
   *
   * @return the row's id, from which the expander derives the event ids
   */
  public static UUID appendBatch(
      Connection connection, String topic, String batchType, String key, String payload)
      throws SQLException {
    if (!batchType.endsWith(OutboxExpander.BATCH_SUFFIX)) {
      throw new IllegalArgumentException("a batch type ends with " + OutboxExpander.BATCH_SUFFIX);
    }
    UUID id = UUID.randomUUID();
    copy(
        connection,
        List.of(
            new Row(
                id.toString(), topic, key, batchType, payload.getBytes(StandardCharsets.UTF_8))));
    return id;
  }

  /** One outbox row; its payload as UTF-8 (Jackson's output, or a batch's compact form). */
  private record Row(String id, String topic, String key, String eventType, byte[] payload) {}

  /** COPYs the rows, each with the request id of the work running now. */
  private static void copy(Connection connection, List<Row> rows) throws SQLException {
    String requestId = RequestIds.current();
    try (CopyRows copy =
        CopyRows.open(
            connection,
            "outbox_event",
            "id, topic, message_key, event_type, payload, request_id")) {
      for (Row row : rows) {
        copy.text(row.id())
            .text(row.topic())
            .text(row.key())
            .text(row.eventType())
            .utf8(row.payload())
            .text(requestId)
            .endRow();
      }
    }
  }
}
