package dev.vigil.scanning.persistence;

import dev.vigil.contracts.events.repos.RepoEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The repository read model: which repositories a tenant has connected. */
@ApplicationScoped
public class RepoConnectionRepository
    implements PanacheRepositoryBase<RepoConnectionEntity, RepoConnectionEntity.Key> {

  // One row per repository of a connection. A later event wins; an older one (redelivered out of
  // order) never overwrites a newer state.
  private static final String UPSERT =
      "INSERT INTO repo_connection (connection_id, tenant_id, project_id, platform, full_name,"
          + " full_name_lower, default_branch, service_mappings, connected, event_time,"
          + " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9, now())"
          + " ON CONFLICT (connection_id, full_name_lower) DO UPDATE SET"
          + " project_id = EXCLUDED.project_id,"
          + " platform = EXCLUDED.platform, full_name = EXCLUDED.full_name,"
          + " full_name_lower = EXCLUDED.full_name_lower,"
          + " default_branch = EXCLUDED.default_branch,"
          + " service_mappings = EXCLUDED.service_mappings, connected = EXCLUDED.connected,"
          + " event_time = EXCLUDED.event_time,"
          + " updated_at = now()"
          + " WHERE repo_connection.tenant_id = EXCLUDED.tenant_id"
          + " AND repo_connection.event_time <= EXCLUDED.event_time";

  /** The tenant's connection of {@code owner/repo}, matched without regard to case. */
  @WithSession
  public Uni<RepoConnectionEntity> findByName(UUID tenantId, String fullName) {
    // Should a tenant connect the same name on several platforms, GitHub's wins.
    return find(
            "tenantId = ?1 and fullNameLower = ?2 and connected = true"
                + " order by case when platform = 'github' then 0 else 1 end, eventTime",
            tenantId,
            lower(fullName))
        .firstResult();
  }

  /**
   * Applies one repository's state after an event of its connection (connected/updated, or
   * disconnected with {@code connected} false), unless a newer event was applied already. Must run
   * in a transaction.
   */
  public Uni<Integer> apply(
      boolean connected,
      String connectionId,
      UUID tenantId,
      UUID projectId,
      String platform,
      String fullName,
      String defaultBranch,
      String serviceMappingsJson,
      Instant eventTime) {
    return getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(UPSERT)
                    .setParameter(1, connectionId)
                    .setParameter(2, tenantId)
                    .setParameter(3, projectId)
                    .setParameter(4, platform)
                    .setParameter(5, fullName)
                    .setParameter(6, lower(fullName))
                    .setParameter(7, defaultBranch)
                    .setParameter(8, serviceMappingsJson)
                    .setParameter(9, eventTime)
                    .setParameter(10, connected)
                    .executeUpdate());
  }

  /** The stored form of an event's service mappings: a JSON array ({@code []} for none). */
  public static String mappingsJson(List<RepoEvent.ServiceMapping> mappings) {
    List<Map<String, String>> rows =
        mappings == null
            ? List.of()
            : mappings.stream()
                .map(
                    m ->
                        Map.of(
                            "serviceName", m.serviceName(),
                            "pathPrefix", m.pathPrefix(),
                            "defaultBranch", m.defaultBranch()))
                .toList();
    return ProcessingStore.json(rows);
  }

  public static String lower(String fullName) {
    return fullName.toLowerCase(Locale.ROOT);
  }
}
