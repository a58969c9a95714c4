package dev.vigil.kit.outbox;

import java.util.List;
import java.util.UUID;

/**
 * Turns one batch row of the outbox into the Kafka records it stands for, when the relay publishes
 * it. A batch row carries many events of one change in a compact form of the service's choosing
 * (e.g. the thousands of alerts one SARIF upload creates: what they share once, then a few fields
 * per alert), so the change's transaction writes one row instead of one row and three index entries
 * per event; see {@link JdbcOutbox#appendBatch}.
 *
 * <p>Implementations are CDI beans of the service; the relay finds them by {@link #batchType()}.
 * Expanding must be deterministic: a row published again after a crash must give the same records
 * with the same event ids, which consumers absorb by id, as they do any redelivery.
 */
public interface OutboxExpander {

  /** The {@code event_type} of the batch rows this expands; ends with {@link #BATCH_SUFFIX}. */
  String batchType();

  /**
   * The records of one batch row, in order.
   *
   * @param rowId the row's id, from which event ids can be derived
   * @param payload the row's payload as {@link JdbcOutbox#appendBatch} stored it
   * @throws IllegalArgumentException when the payload cannot be read (the row is dead-lettered)
   */
  List<Record> expand(UUID rowId, String payload);

  /** One Kafka record: its key and its value (the CloudEvent JSON). */
  record Record(String key, byte[] value) {}

  /** Marks batch rows, so that a relay without the expander never publishes one as an event. */
  String BATCH_SUFFIX = "+batch";

  /** The id of the {@code index}-th event of a batch row: the same on every expansion. */
  static UUID eventId(UUID rowId, int index) {
    return UUID.nameUUIDFromBytes(
        (rowId + "/" + index).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
