package dev.vigil.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the whole record is the Kafka message value.
 * Component names are the CloudEvents attribute names, so Jackson writes them verbatim.
 *
 * @param specversion CloudEvents version; always {@value #SPEC_VERSION}.
 * @param id unique event id (a random UUID string); consumers de-duplicate on it.
 * @param source producing service as a URI reference, e.g. {@code /vigil/repo-config-service} (see
 *     {@link EventSources}).
 * @param type event type, one of {@link EventType#type()}, e.g. {@code repo.connected}.
 * @param time when the state change happened (RFC 3339, UTC, microsecond precision).
 * @param subject what the event is about within the source, e.g. the repo connection id; the
 *     subject of each type is documented on {@link EventType}.
 * @param tenantid extension attribute: the tenant (UUID string) the event belongs to.
 * @param datacontenttype media type of {@code data}; always {@value #JSON}.
 * @param data the payload; a record of {@link EventType#dataClass()}, or a {@code JsonNode} when
 *     read generically with {@link EventJson#readTree(byte[])}.
 * @param <T> payload type
 */
@JsonPropertyOrder({
  "specversion",
  "id",
  "source",
  "type",
  "time",
  "subject",
  "tenantid",
  "datacontenttype",
  "data"
})
public record CloudEvent<T>(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    String tenantid,
    String datacontenttype,
    T data) {

  /** The only CloudEvents version Vigil writes. */
  public static final String SPEC_VERSION = "1.0";

  /** The only data content type Vigil writes. */
  public static final String JSON = "application/json";

  /** Rejects envelopes missing the attributes CloudEvents requires (also on deserialisation). */
  public CloudEvent {
    Objects.requireNonNull(specversion, "specversion");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Builds a new event with a fresh id and the current time.
   *
   * @throws IllegalArgumentException when {@code data} is not of {@code type.dataClass()}
   */
  public static <T> CloudEvent<T> of(
      EventType type, String source, String subject, UUID tenantId, T data) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(data, "data");
    if (!type.dataClass().isInstance(data)) {
      // Catches a payload published under the wrong type before it reaches Kafka.
      throw new IllegalArgumentException(
          type.type()
              + " carries "
              + type.dataClass().getSimpleName()
              + ", not "
              + data.getClass());
    }
    return new CloudEvent<>(
        SPEC_VERSION,
        UUID.randomUUID().toString(),
        source,
        type.type(),
        // PostgreSQL keeps microseconds; truncating keeps an outbox round trip lossless.
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        subject,
        tenantId.toString(),
        JSON,
        data);
  }

  /**
   * The {@link EventType} named by {@link #type()}.
   *
   * @throws IllegalArgumentException for a type this version of the contracts does not know
   */
  @JsonIgnore
  public EventType eventType() {
    return EventType.fromType(type);
  }

  /** {@link #tenantid()} parsed as a UUID. */
  @JsonIgnore
  public UUID tenantUuid() {
    return UUID.fromString(tenantid);
  }

  /** A copy with different data, e.g. the typed record after {@link EventJson#dataAs}. */
  public <U> CloudEvent<U> withData(U newData) {
    return new CloudEvent<>(
        specversion, id, source, type, time, subject, tenantid, datacontenttype, newData);
  }
}
