package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Analyses of a repository. A set (GitHub's deletion unit) is ref + tool name + category. */
@ApplicationScoped
public class AnalysisRepository implements PanacheRepositoryBase<AnalysisEntity, Long> {

  /** Filters of the analyses list; null means "any". */
  public record Filter(String toolName, String toolGuid, String ref, UUID sarifId) {}

  private static final String NEWER_IN_SET =
      "select 1 from AnalysisEntity b where b.repoId = a.repoId and b.ref = a.ref"
          + " and b.toolName = a.toolName and b.category = a.category"
          + " and (b.createdAt > a.createdAt or (b.createdAt = a.createdAt and b.id > a.id))";

  public Uni<List<AnalysisEntity>> list(
      UUID tenantId, long repoId, Filter filter, boolean ascending, Page page) {
    Where where = where(tenantId, repoId, filter);
    Sort sort =
        ascending
            ? Sort.by("createdAt").and("id")
            : Sort.by("createdAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);
    return find(where.query, sort, where.params).page(page).list();
  }

  public Uni<Long> count(UUID tenantId, long repoId, Filter filter) {
    Where where = where(tenantId, repoId, filter);
    return count(where.query, where.params);
  }

  public Uni<AnalysisEntity> find(UUID tenantId, long repoId, long id) {
    return find("id = ?1 and tenantId = ?2 and repoId = ?3", id, tenantId, repoId).firstResult();
  }

  /** Which of these analyses are the newest of their set (GitHub's {@code deletable}). */
  public Uni<Set<Long>> newestOfSet(List<Long> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(Set.of());
    }
    return getSession()
        .chain(
            session ->
                session
                    .createSelectionQuery(
                        "select a.id from AnalysisEntity a where a.id in (:ids)"
                            + " and not exists ("
                            + NEWER_IN_SET
                            + ")",
                        Long.class)
                    .setParameter("ids", ids)
                    .getResultList())
        .map(HashSet::new);
  }

  /** The analyses of the set of {@code analysis}, newest first, the analysis included. */
  public Uni<List<AnalysisEntity>> set(AnalysisEntity analysis) {
    return find(
            "repoId = ?1 and ref = ?2 and toolName = ?3 and category = ?4",
            Sort.by("createdAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending),
            analysis.repoId,
            analysis.ref,
            analysis.toolName,
            analysis.category)
        .list();
  }

  /** Deletes an analysis (its results live in the stored upload). Must run in a transaction. */
  public Uni<Integer> deleteAnalysis(long id) {
    return getSession()
        .chain(
            session ->
                session
                    .createNativeQuery("DELETE FROM analysis WHERE id = ?1")
                    .setParameter(1, id)
                    .executeUpdate());
  }

  /**
   * After the last analysis of a set is deleted: the set's instances on its ref go, and alerts left
   * with no instance anywhere go with them. Must run in a transaction.
   */
  public Uni<Integer> forgetSet(long repoId, String ref, String toolName, String category) {
    return getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "DELETE FROM alert_instance i USING alert a WHERE i.alert_id = a.id"
                            + " AND a.repo_id = ?1 AND i.repo_id = ?1 AND i.ref = ?2"
                            + " AND a.tool_name = ?3 AND a.category = ?4")
                    .setParameter(1, repoId)
                    .setParameter(2, ref)
                    .setParameter(3, toolName)
                    .setParameter(4, category)
                    .executeUpdate()
                    .chain(
                        () ->
                            session
                                .createNativeQuery(
                                    "DELETE FROM alert a WHERE a.repo_id = ?1"
                                        + " AND a.tool_name = ?2 AND a.category = ?3"
                                        + " AND NOT EXISTS (SELECT 1 FROM alert_instance i"
                                        + " WHERE i.alert_id = a.id)")
                                .setParameter(1, repoId)
                                .setParameter(2, toolName)
                                .setParameter(3, category)
                                .executeUpdate()));
  }

  private record Where(String query, Parameters params) {}

  private static Where where(UUID tenantId, long repoId, Filter filter) {
    StringBuilder query = new StringBuilder("tenantId = :tenant and repoId = :repo");
    Parameters params = Parameters.with("tenant", tenantId).and("repo", repoId);
    if (filter.toolName() != null) {
      query.append(" and toolName = :toolName");
      params.and("toolName", filter.toolName());
    }
    if (filter.toolGuid() != null) {
      query.append(" and toolGuid = :toolGuid");
      params.and("toolGuid", filter.toolGuid());
    }
    if (filter.ref() != null) {
      query.append(" and ref = :ref");
      params.and("ref", filter.ref());
    }
    if (filter.sarifId() != null) {
      query.append(" and uploadId = :sarifId");
      params.and("sarifId", filter.sarifId());
    }
    return new Where(query.toString(), params);
  }
}
