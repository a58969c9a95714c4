package dev.vigil.secrets.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts scan calls per tenant over a rolling 30-day window, as GitGuardian's quota does (one call
 * per request, whatever its size). Only the counters are kept; nothing scanned is stored.
 */
@ApplicationScoped
public class ScanQuota {

  /** A tenant's usage since {@code since}. */
  public record Usage(long count, LocalDate since) {}

  private final ConcurrentMap<UUID, Usage> usage = new ConcurrentHashMap<>();
  private final Clock clock;

  public ScanQuota() {
    this(Clock.systemUTC());
  }

  ScanQuota(Clock clock) {
    this.clock = clock;
  }

  public void record(UUID tenant) {
    LocalDate today = LocalDate.now(clock);
    usage.merge(
        tenant,
        new Usage(1, today),
        (old, one) ->
            old.since().plusDays(30).isAfter(today)
                ? new Usage(old.count() + 1, old.since())
                : one);
  }

  public Usage usage(UUID tenant) {
    LocalDate today = LocalDate.now(clock);
    Usage current = usage.get(tenant);
    if (current == null || !current.since().plusDays(30).isAfter(today)) {
      return new Usage(0, today);
    }
    return current;
  }
}
