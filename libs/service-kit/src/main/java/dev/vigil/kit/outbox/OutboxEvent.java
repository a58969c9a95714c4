package dev.vigil.kit.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code outbox_event}; written by {@link Outbox}, published by {@link OutboxRelay}. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

  @Id public UUID id;

  @Column(nullable = false)
  public String topic;

  @Column(name = "message_key", nullable = false)
  public String messageKey;

  @Column(name = "event_type", nullable = false)
  public String eventType;

  /** The CloudEvent JSON, byte for byte what the relay publishes. */
  @Column(nullable = false, columnDefinition = "text")
  public String payload;

  /** The id of the request that appended the event, if any; published as a record header. */
  @Column(name = "request_id")
  public String requestId;

  /** Set by the database ({@code clock_timestamp()}), so relay order follows commit-time clock. */
  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "published_at", insertable = false, updatable = false)
  public Instant publishedAt;

  @Column(insertable = false, updatable = false)
  public int attempts;
}
