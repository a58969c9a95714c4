package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Alerts and their per-ref instances. */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<AlertEntity, Long> {

  /**
   * Filters of the alert list; null means "any".
   *
   * @param state open, dismissed or fixed (on the listed ref when there is one)
   * @param securitySeverityLevel low, medium, high or critical
   * @param severity error, warning, note or none
   */
  public record Filter(
      String toolName,
      String toolGuid,
      String state,
      String securitySeverityLevel,
      String severity) {}

  /** Sort order of the alert list. */
  public enum SortBy {
    CREATED("createdAt"),
    UPDATED("updatedAt"),
    NUMBER("number");

    private final String field;

    SortBy(String field) {
      this.field = field;
    }
  }

  /** An alert with its instance on the listed ref. */
  public record OnRef(AlertEntity alert, AlertInstanceEntity instance) {}

  private static final String ON_REF_STATE =
      "case when a.state = 'dismissed' then 'dismissed' else i.state end";

  public Uni<List<OnRef>> listOnRef(
      UUID tenantId,
      long repoId,
      String ref,
      Filter filter,
      SortBy sort,
      boolean ascending,
      int offset,
      int limit) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(tenantId, repoId, filter, ON_REF_STATE, params);
    params.put("ref", ref);
    String hql =
        "select a, i from AlertEntity a join AlertInstanceEntity i on i.alertId = a.id"
            + where
            + " and i.ref = :ref"
            + orderBy(sort, ascending);
    return getSession()
        .chain(
            session ->
                bind(session.createSelectionQuery(hql, Object[].class), params)
                    .setFirstResult(offset)
                    .setMaxResults(limit)
                    .getResultList())
        .map(
            rows -> {
              List<OnRef> out = new ArrayList<>(rows.size());
              rows.forEach(
                  row -> out.add(new OnRef((AlertEntity) row[0], (AlertInstanceEntity) row[1])));
              return out;
            });
  }

  public Uni<Long> countOnRef(UUID tenantId, long repoId, String ref, Filter filter) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(tenantId, repoId, filter, ON_REF_STATE, params);
    params.put("ref", ref);
    String hql =
        "select count(a) from AlertEntity a join AlertInstanceEntity i on i.alertId = a.id"
            + where
            + " and i.ref = :ref";
    return getSession()
        .chain(
            session ->
                bind(session.createSelectionQuery(hql, Long.class), params).getSingleResult());
  }

  /** Alerts on any ref (used when the repository's default branch is unknown). */
  public Uni<List<AlertEntity>> listAll(
      UUID tenantId,
      long repoId,
      Filter filter,
      SortBy sort,
      boolean ascending,
      int offset,
      int limit) {
    Map<String, Object> params = new LinkedHashMap<>();
    String hql =
        "select a from AlertEntity a"
            + where(tenantId, repoId, filter, "a.state", params)
            + orderBy(sort, ascending);
    return getSession()
        .chain(
            session ->
                bind(session.createSelectionQuery(hql, AlertEntity.class), params)
                    .setFirstResult(offset)
                    .setMaxResults(limit)
                    .getResultList());
  }

  public Uni<Long> countAll(UUID tenantId, long repoId, Filter filter) {
    Map<String, Object> params = new LinkedHashMap<>();
    String hql =
        "select count(a) from AlertEntity a" + where(tenantId, repoId, filter, "a.state", params);
    return getSession()
        .chain(
            session ->
                bind(session.createSelectionQuery(hql, Long.class), params).getSingleResult());
  }

  public Uni<AlertEntity> findByNumber(UUID tenantId, long repoId, long number) {
    return find("tenantId = ?1 and repoId = ?2 and number = ?3", tenantId, repoId, number)
        .firstResult();
  }

  /** The alert, row-locked until the transaction ends (PATCH against concurrent processing). */
  public Uni<AlertEntity> lockByNumber(UUID tenantId, long repoId, long number) {
    return find("tenantId = ?1 and repoId = ?2 and number = ?3", tenantId, repoId, number)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /** Every instance of these alerts. */
  public Uni<List<AlertInstanceEntity>> instancesOf(List<Long> alertIds) {
    if (alertIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return getSession()
        .chain(
            session ->
                session
                    .createSelectionQuery(
                        "from AlertInstanceEntity i where i.alertId in (:ids)",
                        AlertInstanceEntity.class)
                    .setParameter("ids", alertIds)
                    .getResultList());
  }

  /** One alert's instances, optionally on one ref, most recently seen first. */
  public Uni<List<AlertInstanceEntity>> instances(long alertId, String ref, int offset, int limit) {
    String hql =
        "from AlertInstanceEntity i where i.alertId = :alert"
            + (ref == null ? "" : " and i.ref = :ref")
            + " order by i.seenAt desc, i.ref";
    return getSession()
        .chain(
            session -> {
              var query =
                  session
                      .createSelectionQuery(hql, AlertInstanceEntity.class)
                      .setParameter("alert", alertId);
              if (ref != null) {
                query.setParameter("ref", ref);
              }
              return query.setFirstResult(offset).setMaxResults(limit).getResultList();
            });
  }

  public Uni<Long> countInstances(long alertId, String ref) {
    String hql =
        "select count(i) from AlertInstanceEntity i where i.alertId = :alert"
            + (ref == null ? "" : " and i.ref = :ref");
    return getSession()
        .chain(
            session -> {
              var query =
                  session.createSelectionQuery(hql, Long.class).setParameter("alert", alertId);
              if (ref != null) {
                query.setParameter("ref", ref);
              }
              return query.getSingleResult();
            });
  }

  private static String where(
      UUID tenantId,
      long repoId,
      Filter filter,
      String stateExpression,
      Map<String, Object> params) {
    StringBuilder where = new StringBuilder(" where a.tenantId = :tenant and a.repoId = :repo");
    params.put("tenant", tenantId);
    params.put("repo", repoId);
    if (filter.toolName() != null) {
      where.append(" and a.toolName = :toolName");
      params.put("toolName", filter.toolName());
    }
    if (filter.toolGuid() != null) {
      where.append(" and a.toolGuid = :toolGuid");
      params.put("toolGuid", filter.toolGuid());
    }
    if (filter.state() != null) {
      where.append(" and ").append(stateExpression).append(" = :state");
      params.put("state", filter.state());
    }
    if (filter.securitySeverityLevel() != null) {
      where.append(" and a.securitySeverityLevel = :securityLevel");
      params.put("securityLevel", filter.securitySeverityLevel());
    }
    if (filter.severity() != null) {
      where.append(" and a.severity = :severity");
      params.put("severity", filter.severity());
    }
    return where.toString();
  }

  private static String orderBy(SortBy sort, boolean ascending) {
    String direction = ascending ? " asc" : " desc";
    return " order by a." + sort.field + direction + ", a.number" + direction;
  }

  private static <Q extends Mutiny.SelectionQuery<?>> Q bind(Q query, Map<String, Object> params) {
    params.forEach(query::setParameter);
    return query;
  }
}
