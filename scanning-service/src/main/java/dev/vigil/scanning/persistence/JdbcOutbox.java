package dev.vigil.scanning.persistence;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends events to the kit's {@code outbox_event} table from a JDBC transaction, row for row what
 * {@code dev.vigil.kit.outbox.Outbox} writes from a reactive one, so the kit's relay publishes
 * them. The upload processor works on JDBC (blocking parser, COPY), hence this twin.
 */
public final class JdbcOutbox {

  /** An event and its Kafka key. */
  public record Keyed(CloudEvent<?> event, String key) {}

  private JdbcOutbox() {}

  /** Appends the events in order, in the connection's current transaction. */
  public static void append(Connection connection, List<Keyed> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (CopyRows rows =
        CopyRows.open(connection, "outbox_event", "id, topic, message_key, event_type, payload")) {
      for (Keyed keyed : events) {
        CloudEvent<?> event = keyed.event();
        EventType type = EventType.fromType(event.type());
        rows.text(event.id())
            .text(type.topic())
            .text(keyed.key())
            .text(type.type())
            .utf8(EventJson.write(event))
            .endRow();
      }
    }
  }
}
