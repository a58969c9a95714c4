package dev.vigil.secrets.service;

import dev.vigil.secrets.config.PushProtectionConfig;
import dev.vigil.secrets.persistence.PushProtectionStore;
import dev.vigil.secrets.persistence.PushProtectionStore.PlaceholderRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Blocked secrets that may still be bypassed, by placeholder id, in PostgreSQL: a bypass may reach
 * another replica than the check did, or come after a restart. A placeholder keeps what the
 * bypass's incident needs without the secret itself (its keyed hash and redacted preview), lives
 * {@code placeholder-lifetime}, and a tenant keeps at most {@code max-placeholders} (the oldest are
 * forgotten first).
 */
@ApplicationScoped
public class PendingBypasses {

  private final PushProtectionStore store;
  private final Duration lifetime;
  private final int maxPerTenant;

  public PendingBypasses(PushProtectionStore store, PushProtectionConfig config) {
    this.store = store;
    this.lifetime = config.placeholderLifetime();
    this.maxPerTenant = config.maxPlaceholders();
  }

  /** Keeps (or renews) a placeholder, in the check's transaction. */
  public void remember(Connection c, UUID tenant, String placeholder, PlaceholderRow pending)
      throws SQLException {
    store.rememberPlaceholder(c, tenant, placeholder, pending, lifetime);
  }

  /** After a check that remembered placeholders: the tenant's stale and surplus ones go. */
  public void prune(Connection c, UUID tenant) throws SQLException {
    store.prunePlaceholders(c, tenant, maxPerTenant);
  }

  /** The tenant's placeholder, unless unknown or expired. */
  public Optional<PlaceholderRow> find(UUID tenant, String placeholder) {
    try (Connection c = store.connection()) {
      return store.findPlaceholder(c, tenant, placeholder);
    } catch (SQLException e) {
      throw new IllegalStateException("reading a bypass placeholder failed: " + e.getSQLState(), e);
    }
  }
}
