package dev.vigil.secrets.service;

import dev.vigil.secrets.config.PushProtectionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Blocked secrets that may still be bypassed, by placeholder id, in memory only: recording a bypass
 * needs the secret (to open its incident) and the secret is never written anywhere. Bounded in size
 * and lifetime; after a restart a developer pushes again to get a fresh placeholder.
 */
@ApplicationScoped
public class PendingBypasses {

  /** What a bypass needs of a blocked secret. The secret stays in this process's memory only. */
  public record Pending(
      String repository,
      String secretHash,
      String tokenType,
      String displayName,
      String secret,
      String path,
      String commit,
      int line,
      int startOffset,
      int endOffset) {

    @Override
    public String toString() {
      return "Pending[" + tokenType + " " + repository + " " + path + ":" + line + "]";
    }
  }

  private record Key(UUID tenant, String placeholder) {}

  private record Held(Pending pending, long expiresAtNanos) {}

  private final long lifetimeNanos;
  private final int maxEntries;
  private final Map<Key, Held> entries;

  public PendingBypasses(PushProtectionConfig config) {
    this.lifetimeNanos = config.placeholderLifetime().toNanos();
    this.maxEntries = config.maxPlaceholders();
    this.entries =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
            return size() > maxEntries;
          }
        };
  }

  public synchronized void remember(UUID tenant, String placeholder, Pending pending) {
    Key key = new Key(tenant, placeholder);
    entries.remove(key); // re-inserted last: the newest check keeps it longest
    entries.put(key, new Held(pending, System.nanoTime() + lifetimeNanos));
  }

  public synchronized Optional<Pending> find(UUID tenant, String placeholder) {
    Held entry = entries.get(new Key(tenant, placeholder));
    if (entry == null || System.nanoTime() - entry.expiresAtNanos() > 0) {
      return Optional.empty();
    }
    return Optional.of(entry.pending());
  }

  Duration lifetime() {
    return Duration.ofNanos(lifetimeNanos);
  }
}
