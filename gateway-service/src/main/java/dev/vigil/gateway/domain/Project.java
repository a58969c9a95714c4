package dev.vigil.gateway.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A SigSentry project of a tenant: what {@code X-Project-Id} names. */
public record Project(UUID id, UUID tenantId, String name, Instant createdAt) {
  public static final int MAX_NAME_LENGTH = 255;

  public Project {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
