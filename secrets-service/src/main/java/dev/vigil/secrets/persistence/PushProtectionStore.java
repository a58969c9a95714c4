package dev.vigil.secrets.persistence;

import dev.vigil.secrets.domain.PushSetting;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The SQL of push protection, over JDBC. Methods taking a {@link Connection} run in the caller's
 * transaction; the others take a connection of their own. Every query names the tenant.
 */
@ApplicationScoped
public class PushProtectionStore {

  /** The enterprise's scope; an organization's is its login in lower case. */
  public static final String ENTERPRISE = "";

  /** A stored custom pattern. {@code scope} is {@link #ENTERPRISE} or an organization. */
  public record CustomPatternRow(
      int number,
      String scope,
      String name,
      String slug,
      String secretFormat,
      String beforeSecret,
      String afterSecret,
      List<String> mustMatch,
      List<String> mustNotMatch,
      PushSetting pushProtection,
      String version,
      Instant createdAt) {

    public String tokenType() {
      return "cp_" + number;
    }
  }

  private final DataSource dataSource;

  public PushProtectionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  // --- pattern configurations -------------------------------------------------------------

  public Optional<String> configVersion(Connection c, UUID tenant, String scope)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT version FROM push_pattern_configs WHERE tenant_id = ? AND scope = ?")) {
      s.setObject(1, tenant);
      s.setString(2, scope);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Moves the level's version from {@code expected} (null: the level was never configured) to
   * {@code next}; false when another writer got there first. Row locks make concurrent callers with
   * the same {@code expected} queue, and all but the first then find the version changed.
   */
  public boolean swapConfigVersion(
      Connection c, UUID tenant, String scope, String expected, String next) throws SQLException {
    String sql =
        expected == null
            ? "INSERT INTO push_pattern_configs (tenant_id, scope, version) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING"
            : "UPDATE push_pattern_configs SET version = ?, updated_at = now()"
                + " WHERE tenant_id = ? AND scope = ? AND version = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (expected == null) {
        s.setObject(1, tenant);
        s.setString(2, scope);
        s.setString(3, next);
      } else {
        s.setString(1, next);
        s.setObject(2, tenant);
        s.setString(3, scope);
        s.setString(4, expected);
      }
      return s.executeUpdate() == 1;
    }
  }

  /** The level's own settings by token type (absent: not-set). */
  public Map<String, PushSetting> settings(Connection c, UUID tenant, String scope)
      throws SQLException {
    Map<String, PushSetting> settings = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT token_type, setting FROM push_pattern_settings"
                + " WHERE tenant_id = ? AND scope = ?")) {
      s.setObject(1, tenant);
      s.setString(2, scope);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          settings.put(r.getString(1), PushSetting.of(r.getString(2)).orElseThrow());
        }
      }
    }
    return settings;
  }

  public void putSetting(
      Connection c, UUID tenant, String scope, String tokenType, PushSetting setting)
      throws SQLException {
    if (setting == PushSetting.NOT_SET) {
      try (PreparedStatement s =
          c.prepareStatement(
              "DELETE FROM push_pattern_settings"
                  + " WHERE tenant_id = ? AND scope = ? AND token_type = ?")) {
        s.setObject(1, tenant);
        s.setString(2, scope);
        s.setString(3, tokenType);
        s.executeUpdate();
      }
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO push_pattern_settings (tenant_id, scope, token_type, setting)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, scope, token_type)"
                + " DO UPDATE SET setting = excluded.setting")) {
      s.setObject(1, tenant);
      s.setString(2, scope);
      s.setString(3, tokenType);
      s.setString(4, setting.value());
      s.executeUpdate();
    }
  }

  // --- custom patterns --------------------------------------------------------------------

  public int nextCustomPatternNumber(Connection c, UUID tenant) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO custom_pattern_numbers (tenant_id, last_number) VALUES (?, 1)"
                + " ON CONFLICT (tenant_id) DO UPDATE"
                + " SET last_number = custom_pattern_numbers.last_number + 1"
                + " RETURNING last_number")) {
      s.setObject(1, tenant);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  public void insertCustomPattern(Connection c, UUID tenant, CustomPatternRow p)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO custom_patterns (tenant_id, number, scope, name, slug, secret_format,"
                + " before_secret, after_secret, must_match, must_not_match, push_protection,"
                + " version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setObject(1, tenant);
      s.setInt(2, p.number());
      s.setString(3, p.scope());
      s.setString(4, p.name());
      s.setString(5, p.slug());
      s.setString(6, p.secretFormat());
      s.setString(7, p.beforeSecret());
      s.setString(8, p.afterSecret());
      s.setArray(9, c.createArrayOf("text", p.mustMatch().toArray()));
      s.setArray(10, c.createArrayOf("text", p.mustNotMatch().toArray()));
      s.setString(11, p.pushProtection().value());
      s.setString(12, p.version());
      s.setTimestamp(13, Timestamp.from(p.createdAt()));
      s.executeUpdate();
    }
  }

  private static final String CUSTOM_COLUMNS =
      "number, scope, name, slug, secret_format, before_secret, after_secret, must_match,"
          + " must_not_match, push_protection, version, created_at";

  /** The tenant's custom patterns of the given scopes (all when {@code scopes} is empty). */
  public List<CustomPatternRow> customPatterns(Connection c, UUID tenant, List<String> scopes)
      throws SQLException {
    String sql =
        "SELECT "
            + CUSTOM_COLUMNS
            + " FROM custom_patterns WHERE tenant_id = ?"
            + (scopes.isEmpty() ? "" : " AND scope = ANY (?)")
            + " ORDER BY number";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, tenant);
      if (!scopes.isEmpty()) {
        s.setArray(2, c.createArrayOf("text", scopes.toArray()));
      }
      List<CustomPatternRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(customPattern(r));
        }
      }
      return rows;
    }
  }

  public Optional<CustomPatternRow> customPattern(Connection c, UUID tenant, int number)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + CUSTOM_COLUMNS
                + " FROM custom_patterns WHERE tenant_id = ? AND number = ?")) {
      s.setObject(1, tenant);
      s.setInt(2, number);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(customPattern(r)) : Optional.empty();
      }
    }
  }

  /**
   * Sets a custom pattern's push protection if its version is still {@code expected} (any version
   * when null); false when it changed meanwhile or does not exist at that scope.
   */
  public boolean swapCustomPattern(
      Connection c,
      UUID tenant,
      int number,
      String scope,
      String expected,
      PushSetting setting,
      String next)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE custom_patterns SET push_protection = ?, version = ?"
                + " WHERE tenant_id = ? AND number = ? AND scope = ?"
                + (expected == null ? "" : " AND version = ?"))) {
      s.setString(1, setting.value());
      s.setString(2, next);
      s.setObject(3, tenant);
      s.setInt(4, number);
      s.setString(5, scope);
      if (expected != null) {
        s.setString(6, expected);
      }
      return s.executeUpdate() == 1;
    }
  }

  public boolean deleteCustomPattern(Connection c, UUID tenant, int number) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM custom_patterns WHERE tenant_id = ? AND number = ?")) {
      s.setObject(1, tenant);
      s.setInt(2, number);
      return s.executeUpdate() == 1;
    }
  }

  private static CustomPatternRow customPattern(ResultSet r) throws SQLException {
    return new CustomPatternRow(
        r.getInt("number"),
        r.getString("scope"),
        r.getString("name"),
        r.getString("slug"),
        r.getString("secret_format"),
        r.getString("before_secret"),
        r.getString("after_secret"),
        strings(r.getArray("must_match")),
        strings(r.getArray("must_not_match")),
        PushSetting.of(r.getString("push_protection")).orElseThrow(),
        r.getString("version"),
        r.getTimestamp("created_at").toInstant());
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
  }

  // --- bypasses and blocks ----------------------------------------------------------------

  /** Hashes of the secrets bypassed in one repository. */
  public Set<String> bypassedSecrets(Connection c, UUID tenant, String repository)
      throws SQLException {
    Set<String> hashes = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT secret_hash FROM push_bypasses WHERE tenant_id = ? AND repository = ?")) {
      s.setObject(1, tenant);
      s.setString(2, repository);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          hashes.add(r.getString(1));
        }
      }
    }
    return hashes;
  }

  /** A blocked secret that may still be bypassed (no secret: its keyed hash and preview). */
  public record PlaceholderRow(
      String repository,
      String secretHash,
      String secretPreview,
      String tokenType,
      String displayName,
      String path,
      String commitSha,
      int line,
      int startOffset,
      int endOffset) {}

  /** Keeps a placeholder for {@code lifetime} (a later check of the same secret renews it). */
  public void rememberPlaceholder(
      Connection c, UUID tenant, String placeholderId, PlaceholderRow row, Duration lifetime)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO push_placeholders (tenant_id, placeholder_id, repository, secret_hash,"
                + " secret_preview, token_type, display_name, path, commit_sha, line,"
                + " start_offset, end_offset, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " now() + make_interval(secs => ?))"
                + " ON CONFLICT (tenant_id, placeholder_id) DO UPDATE SET"
                + " path = excluded.path, commit_sha = excluded.commit_sha, line = excluded.line,"
                + " start_offset = excluded.start_offset, end_offset = excluded.end_offset,"
                + " expires_at = excluded.expires_at")) {
      int n = 1;
      s.setObject(n++, tenant);
      s.setString(n++, placeholderId);
      s.setString(n++, row.repository());
      s.setString(n++, row.secretHash());
      s.setString(n++, row.secretPreview());
      s.setString(n++, row.tokenType());
      s.setString(n++, row.displayName());
      s.setString(n++, row.path());
      s.setString(n++, row.commitSha());
      s.setInt(n++, row.line());
      s.setInt(n++, row.startOffset());
      s.setInt(n++, row.endOffset());
      s.setDouble(n, lifetime.toMillis() / 1000.0);
      s.executeUpdate();
    }
  }

  /** Forgets the tenant's expired placeholders and, beyond {@code maxPerTenant}, its oldest. */
  public void prunePlaceholders(Connection c, UUID tenant, int maxPerTenant) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM push_placeholders WHERE tenant_id = ? AND (expires_at < now()"
                + " OR placeholder_id IN (SELECT placeholder_id FROM push_placeholders"
                + " WHERE tenant_id = ? ORDER BY expires_at DESC OFFSET ?))")) {
      s.setObject(1, tenant);
      s.setObject(2, tenant);
      s.setInt(3, maxPerTenant);
      s.executeUpdate();
    }
  }

  /** The tenant's placeholder, unless unknown or expired. */
  public Optional<PlaceholderRow> findPlaceholder(Connection c, UUID tenant, String placeholderId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT repository, secret_hash, secret_preview, token_type, display_name, path,"
                + " commit_sha, line, start_offset, end_offset FROM push_placeholders"
                + " WHERE tenant_id = ? AND placeholder_id = ? AND expires_at > now()")) {
      s.setObject(1, tenant);
      s.setString(2, placeholderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new PlaceholderRow(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getString(7),
                r.getInt(8),
                r.getInt(9),
                r.getInt(10)));
      }
    }
  }

  /** Records a bypass; a second bypass of the same secret in the repository updates the reason. */
  public void putBypass(
      Connection c,
      UUID tenant,
      String repository,
      String secretHash,
      String tokenType,
      String reason,
      Long incidentId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO push_bypasses (tenant_id, repository, secret_hash, token_type, reason,"
                + " incident_id) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id, repository, secret_hash) DO UPDATE"
                + " SET reason = excluded.reason,"
                + " incident_id = coalesce(excluded.incident_id, push_bypasses.incident_id)")) {
      s.setObject(1, tenant);
      s.setString(2, repository);
      s.setString(3, secretHash);
      s.setString(4, tokenType);
      s.setString(5, reason);
      if (incidentId == null) {
        s.setNull(6, java.sql.Types.BIGINT);
      } else {
        s.setLong(6, incidentId);
      }
      s.executeUpdate();
    }
  }

  public void addBlocks(Connection c, UUID tenant, Map<String, Long> blockedByTokenType)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO push_blocks (tenant_id, token_type, blocked) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant_id, token_type)"
                + " DO UPDATE SET blocked = push_blocks.blocked + excluded.blocked")) {
      for (Map.Entry<String, Long> e : blockedByTokenType.entrySet()) {
        s.setObject(1, tenant);
        s.setString(2, e.getKey());
        s.setLong(3, e.getValue());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Per token type: how many secrets pushes were blocked on, and how many were bypassed. */
  public record BlockCounts(long blocked, long bypassed) {}

  public Map<String, BlockCounts> blockCounts(Connection c, UUID tenant) throws SQLException {
    Map<String, BlockCounts> counts = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT coalesce(b.token_type, p.token_type), coalesce(b.blocked, 0),"
                + " coalesce(p.bypassed, 0)"
                + " FROM (SELECT token_type, blocked FROM push_blocks WHERE tenant_id = ?) b"
                + " FULL JOIN (SELECT token_type, count(*) AS bypassed FROM push_bypasses"
                + " WHERE tenant_id = ? GROUP BY token_type) p ON p.token_type = b.token_type")) {
      s.setObject(1, tenant);
      s.setObject(2, tenant);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          counts.put(r.getString(1), new BlockCounts(r.getLong(2), r.getLong(3)));
        }
      }
    }
    return counts;
  }

  // --- organizations ----------------------------------------------------------------------

  /** Applies a repository event unless a later one was applied already. */
  public void applyRepository(UUID tenant, String fullName, boolean connected, Instant changedAt)
      throws SQLException {
    String lower = fullName.toLowerCase(java.util.Locale.ROOT);
    int slash = lower.indexOf('/');
    String owner = slash < 0 ? lower : lower.substring(0, slash);
    try (Connection c = connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO push_repositories (tenant_id, full_name, owner, connected, changed_at)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, full_name) DO UPDATE"
                    + " SET connected = excluded.connected, changed_at = excluded.changed_at"
                    + " WHERE push_repositories.changed_at <= excluded.changed_at")) {
      s.setObject(1, tenant);
      s.setString(2, lower);
      s.setString(3, owner);
      s.setBoolean(4, connected);
      s.setTimestamp(5, Timestamp.from(changedAt));
      s.executeUpdate();
    }
  }

  /** Whether the tenant has a connected repository owned by {@code org} (lower case). */
  public boolean organizationKnown(Connection c, UUID tenant, String org) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM push_repositories WHERE tenant_id = ? AND owner = ? AND connected"
                + " LIMIT 1")) {
      s.setObject(1, tenant);
      s.setString(2, org);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
