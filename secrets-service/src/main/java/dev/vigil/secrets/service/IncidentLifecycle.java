package dev.vigil.secrets.service;

import dev.vigil.contracts.events.EventType;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.outbox.JdbcOutbox;
import dev.vigil.secrets.events.IncidentEvents;
import dev.vigil.secrets.persistence.IncidentRow;
import dev.vigil.secrets.persistence.IncidentStore;
import dev.vigil.secrets.persistence.IncidentUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * GitGuardian's incident actions (severity, assign, resolve, ignore, reopen, share): each locks the
 * incident, checks that the action fits its status (409 otherwise), changes it and appends its
 * event to the outbox in the same transaction.
 */
@ApplicationScoped
public class IncidentLifecycle {

  /** Who acts: the member and API token from the gateway's principal (either may be absent). */
  public record Actor(Optional<Long> memberId, Optional<UUID> tokenId) {}

  /** What sharing returns (GitGuardian's {@code incidentToken}). */
  public record Share(
      IncidentRow incident, UUID token, boolean feedback, boolean autoHealing, Instant expireAt) {}

  private final DataSource dataSource;

  public IncidentLifecycle(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Transactional
  public IncidentRow severity(UUID tenantId, long id, String severity) {
    return change(
        tenantId,
        id,
        (c, row) -> {
          if (row.severity().equals(severity)) {
            return row;
          }
          IncidentRow after =
              IncidentUpdates.update(c, tenantId, id, "severity = ?", List.of(severity));
          emit(c, EventType.SECRET_INCIDENT_SEVERITY_CHANGED, after, row.severity());
          return after;
        });
  }

  @Transactional
  public IncidentRow assign(UUID tenantId, long id, String email, Long memberId) {
    return change(
        tenantId,
        id,
        (c, row) -> {
          requireOpen(row);
          List<Object> values = new ArrayList<>();
          values.add(email);
          values.add(memberId);
          IncidentRow after =
              IncidentUpdates.update(
                  c,
                  tenantId,
                  id,
                  "status = 'ASSIGNED', assignee_email = ?, assignee_id = ?",
                  values);
          emit(c, EventType.SECRET_INCIDENT_ASSIGNED, after, null);
          return after;
        });
  }

  @Transactional
  public IncidentRow unassign(UUID tenantId, long id) {
    return change(
        tenantId,
        id,
        (c, row) -> {
          requireOpen(row);
          return IncidentUpdates.update(
              c,
              tenantId,
              id,
              "status = 'TRIGGERED', assignee_email = NULL, assignee_id = NULL",
              List.of());
        });
  }

  @Transactional
  public IncidentRow resolve(UUID tenantId, long id, boolean secretRevoked, Actor actor) {
    return close(
        tenantId,
        id,
        "status = 'RESOLVED', resolved_at = clock_timestamp(), secret_revoked = ?,"
            + " resolver_id = ?, resolver_api_token_id = ?",
        secretRevoked,
        actor,
        EventType.SECRET_INCIDENT_RESOLVED);
  }

  @Transactional
  public IncidentRow ignore(UUID tenantId, long id, String reason, Actor actor) {
    return close(
        tenantId,
        id,
        "status = 'IGNORED', ignored_at = clock_timestamp(), ignore_reason = ?,"
            + " ignorer_id = ?, ignorer_api_token_id = ?",
        reason,
        actor,
        EventType.SECRET_INCIDENT_IGNORED);
  }

  /**
   * Closes an open incident: {@code assignments} set the status, its time, {@code value} and who
   * closed it (member, then API token), in that order of parameters; then the event.
   */
  private IncidentRow close(
      UUID tenantId, long id, String assignments, Object value, Actor actor, EventType event) {
    return change(
        tenantId,
        id,
        (c, row) -> {
          requireOpen(row);
          List<Object> values = new ArrayList<>();
          values.add(value);
          values.add(actor.memberId().orElse(null));
          values.add(actor.tokenId().orElse(null));
          IncidentRow after = IncidentUpdates.update(c, tenantId, id, assignments, values);
          emit(c, event, after, null);
          return after;
        });
  }

  @Transactional
  public IncidentRow reopen(UUID tenantId, long id) {
    return change(
        tenantId,
        id,
        (c, row) -> {
          if (row.open()) {
            throw ApiException.conflict("Incident is already open.");
          }
          IncidentRow after =
              IncidentUpdates.update(
                  c,
                  tenantId,
                  id,
                  "status = CASE WHEN assignee_id IS NULL AND assignee_email IS NULL"
                      + " THEN 'TRIGGERED' ELSE 'ASSIGNED' END, resolved_at = NULL,"
                      + " resolver_id = NULL, resolver_api_token_id = NULL, secret_revoked = false,"
                      + " ignored_at = NULL, ignore_reason = NULL, ignorer_id = NULL,"
                      + " ignorer_api_token_id = NULL",
                  List.of());
          emit(c, EventType.SECRET_INCIDENT_REOPENED, after, null);
          return after;
        });
  }

  /** Creates (or replaces) the public link; {@code lifespanHours} 0 means it never expires. */
  @Transactional
  public Share share(
      UUID tenantId, long id, boolean autoHealing, boolean feedback, int lifespanHours) {
    UUID token = UUID.randomUUID();
    Instant expireAt =
        lifespanHours == 0 ? null : Instant.now().plus(Duration.ofHours(lifespanHours));
    IncidentRow after =
        change(
            tenantId,
            id,
            (c, row) -> {
              List<Object> values = new ArrayList<>();
              values.add(token);
              values.add(feedback);
              values.add(autoHealing);
              values.add(expireAt);
              return IncidentUpdates.update(
                  c,
                  tenantId,
                  id,
                  "share_token = ?, share_feedback = ?, share_auto_healing = ?,"
                      + " share_expire_at = ?, share_revoked_at = NULL",
                  values);
            });
    return new Share(after, token, feedback, autoHealing, expireAt);
  }

  @Transactional
  public void unshare(UUID tenantId, long id) {
    change(
        tenantId,
        id,
        (c, row) ->
            IncidentUpdates.update(
                c,
                tenantId,
                id,
                "share_token = NULL, share_revoked_at = clock_timestamp()",
                List.of()));
  }

  private interface Change {
    IncidentRow apply(Connection c, IncidentRow row) throws SQLException;
  }

  private IncidentRow change(UUID tenantId, long id, Change change) {
    try (Connection c = dataSource.getConnection()) {
      IncidentRow row =
          IncidentStore.lock(c, tenantId, id)
              .orElseThrow(() -> ApiException.notFound("Not found."));
      return change.apply(c, row);
    } catch (SQLException e) {
      throw new IllegalStateException("incident update failed: " + e.getSQLState(), e);
    }
  }

  private static void requireOpen(IncidentRow row) {
    if (!row.open()) {
      throw ApiException.conflict(
          "Incident is " + row.status().toLowerCase(java.util.Locale.ROOT) + ".");
    }
  }

  private static void emit(Connection c, EventType type, IncidentRow row, String previousSeverity)
      throws SQLException {
    JdbcOutbox.append(c, List.of(IncidentEvents.of(type, row, previousSeverity)));
  }
}
