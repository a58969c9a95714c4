package dev.vigil.gateway.proxy;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.persistence.AuthenticationStore;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a project named in {@code X-Project-Id} belongs to the caller's tenant, cached as briefly
 * as tokens are, so a tenant-wide token cannot address another tenant's project.
 */
@Singleton
public class ProjectDirectory {

  private static final int MAX_ENTRIES = 100_000;

  private record Key(UUID tenantId, UUID projectId) {}

  private record Entry(CompletableFuture<Boolean> exists, long expiresAtNanos) {}

  private final AuthenticationStore store;
  private final long ttlNanos;
  private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();

  public ProjectDirectory(AuthenticationStore store, GatewayConfig config) {
    this.store = store;
    this.ttlNanos = config.auth().cacheTtl().toNanos();
  }

  /** Must be called on a Vert.x event-loop context. */
  public CompletableFuture<Boolean> existsInTenant(UUID tenantId, UUID projectId) {
    Key key = new Key(tenantId, projectId);
    long now = System.nanoTime();
    Entry entry = cache.get(key);
    if (entry != null && now - entry.expiresAtNanos() < 0) {
      return entry.exists();
    }
    Entry fresh = new Entry(new CompletableFuture<>(), now + ttlNanos);
    cache.put(key, fresh);
    if (cache.size() > MAX_ENTRIES) {
      cache.entrySet().removeIf(e -> now - e.getValue().expiresAtNanos() >= 0);
    }
    store
        .projectExists(tenantId, projectId)
        .subscribe()
        .with(
            fresh.exists()::complete,
            failure -> {
              cache.remove(key, fresh);
              fresh.exists().completeExceptionally(failure);
            });
    return fresh.exists();
  }
}
