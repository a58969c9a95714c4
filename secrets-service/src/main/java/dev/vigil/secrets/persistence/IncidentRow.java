package dev.vigil.secrets.persistence;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code secret_incident} as stored (never the secret: only its hash and preview). */
public record IncidentRow(
    long id,
    UUID tenantId,
    String secretHash,
    String detectorName,
    String detectorDisplayName,
    String detectorNature,
    String detectorFamily,
    String detectorGroupName,
    String detectorGroupDisplayName,
    String status,
    String severity,
    String validity,
    boolean regression,
    List<String> tags,
    Long assigneeId,
    String assigneeEmail,
    String ignoreReason,
    Instant ignoredAt,
    Long ignorerId,
    UUID ignorerApiTokenId,
    Instant resolvedAt,
    Long resolverId,
    UUID resolverApiTokenId,
    boolean secretRevoked,
    int occurrencesCount,
    Instant date,
    UUID shareToken,
    boolean shareFeedback,
    boolean shareAutoHealing,
    Instant shareExpireAt) {

  /** The columns {@link #read} expects, for {@code SELECT}. */
  public static final String COLUMNS =
      "id, tenant_id, secret_hash, detector_name, detector_display_name, detector_nature,"
          + " detector_family, detector_group_name, detector_group_display_name, status, severity,"
          + " validity, regression, tags, assignee_id, assignee_email, ignore_reason, ignored_at,"
          + " ignorer_id, ignorer_api_token_id, resolved_at, resolver_id, resolver_api_token_id,"
          + " secret_revoked, occurrences_count, date, share_token, share_feedback,"
          + " share_auto_healing, share_expire_at";

  public boolean open() {
    return "TRIGGERED".equals(status) || "ASSIGNED".equals(status);
  }

  static IncidentRow read(ResultSet rs) throws SQLException {
    return new IncidentRow(
        rs.getLong("id"),
        rs.getObject("tenant_id", UUID.class),
        rs.getString("secret_hash"),
        rs.getString("detector_name"),
        rs.getString("detector_display_name"),
        rs.getString("detector_nature"),
        rs.getString("detector_family"),
        rs.getString("detector_group_name"),
        rs.getString("detector_group_display_name"),
        rs.getString("status"),
        rs.getString("severity"),
        rs.getString("validity"),
        rs.getBoolean("regression"),
        strings(rs.getArray("tags")),
        rs.getObject("assignee_id", Long.class),
        rs.getString("assignee_email"),
        rs.getString("ignore_reason"),
        instant(rs.getTimestamp("ignored_at")),
        rs.getObject("ignorer_id", Long.class),
        rs.getObject("ignorer_api_token_id", UUID.class),
        instant(rs.getTimestamp("resolved_at")),
        rs.getObject("resolver_id", Long.class),
        rs.getObject("resolver_api_token_id", UUID.class),
        rs.getBoolean("secret_revoked"),
        rs.getInt("occurrences_count"),
        instant(rs.getTimestamp("date")),
        rs.getObject("share_token", UUID.class),
        rs.getBoolean("share_feedback"),
        rs.getBoolean("share_auto_healing"),
        instant(rs.getTimestamp("share_expire_at")));
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return List.of((String[]) array.getArray());
  }
}
