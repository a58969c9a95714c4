package dev.vigil.kit.outbox;

/**
 * An event larger than {@link Outbox#MAX_EVENT_BYTES}, refused before its transaction commits:
 * Kafka would never take it. Events carry ids and what a consumer filters on; consumers fetch the
 * rest.
 */
public class OversizedEventException extends IllegalStateException {

  public OversizedEventException(String type, String id, int bytes) {
    super(
        "event "
            + type
            + " "
            + id
            + " is "
            + bytes
            + " bytes, above the outbox limit of "
            + Outbox.MAX_EVENT_BYTES
            + " bytes");
  }

  /** Throws unless an event of {@code bytes} (payload and key) fits. */
  static void check(String type, String id, int bytes) {
    if (bytes > Outbox.MAX_EVENT_BYTES) {
      throw new OversizedEventException(type, id, bytes);
    }
  }
}
