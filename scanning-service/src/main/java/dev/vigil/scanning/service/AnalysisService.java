package dev.vigil.scanning.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.pagination.GitHubPage;
import dev.vigil.scanning.config.ScanningConfig;
import dev.vigil.scanning.domain.ApiLinks;
import dev.vigil.scanning.domain.GitHubTime;
import dev.vigil.scanning.domain.Listing;
import dev.vigil.scanning.domain.Views;
import dev.vigil.scanning.persistence.AlertEntity;
import dev.vigil.scanning.persistence.AlertRepository;
import dev.vigil.scanning.persistence.AnalysisEntity;
import dev.vigil.scanning.persistence.AnalysisRepository;
import dev.vigil.scanning.persistence.ResultBatch;
import dev.vigil.scanning.persistence.SarifPayloadRepository;
import dev.vigil.scanning.persistence.SarifUploadRepository;
import dev.vigil.scanning.persistence.ScanRepositoryStore;
import dev.vigil.scanning.persistence.ScanRuleEntity;
import dev.vigil.scanning.persistence.ScanRuleRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Lists, reads and deletes analyses (GitHub's rules for deletion). */
@ApplicationScoped
public class AnalysisService {

  public static final String NOT_DELETABLE = "Analysis specified is not deletable.";
  public static final String LAST_OF_TYPE =
      "Analysis is last of its type and deletion may result in the loss of historical alert"
          + " data. Please specify confirm_delete.";

  /** The query of the analyses list. */
  public record Query(
      String toolName,
      String toolGuid,
      String ref,
      Integer pr,
      String sarifId,
      String direction,
      String sort,
      GitHubPage page) {}

  private final Repositories repositories;
  private final AnalysisRepository analyses;
  private final SarifUploadRepository uploads;
  private final SarifPayloadRepository payloads;
  private final Vertx vertx;
  private final ScanningConfig config;
  private final AlertRepository alerts;
  private final ScanRuleRepository rules;
  private final ScanRepositoryStore scanRepositories;

  AnalysisService(
      Repositories repositories,
      AnalysisRepository analyses,
      SarifUploadRepository uploads,
      SarifPayloadRepository payloads,
      Vertx vertx,
      ScanningConfig config,
      AlertRepository alerts,
      ScanRuleRepository rules,
      ScanRepositoryStore scanRepositories) {
    this.repositories = repositories;
    this.analyses = analyses;
    this.uploads = uploads;
    this.payloads = payloads;
    this.vertx = vertx;
    this.config = config;
    this.alerts = alerts;
    this.rules = rules;
    this.scanRepositories = scanRepositories;
  }

  @WithSession
  public Uni<Listing<Views.Analysis>> list(
      UUID tenantId, String owner, String repo, Query q, ApiLinks links) {
    return repositories
        .require(tenantId, owner, repo)
        .chain(
            ref -> {
              if (q.toolName() != null && q.toolGuid() != null) {
                throw Refs.invalid("tool_guid", "specify either tool_name or tool_guid, not both");
              }
              boolean ascending = Directions.ascending(q.direction());
              if (q.sort() != null && !q.sort().equals("created")) {
                throw Refs.invalid("sort", "sort must be created");
              }
              String gitRef = Refs.of(q.ref(), q.pr());
              UUID sarifId = null;
              if (q.sarifId() != null) {
                sarifId = parseUuid(q.sarifId());
                if (sarifId == null) {
                  return Uni.createFrom().item(Listing.empty());
                }
              }
              if (ref.repoId() == null) {
                return Uni.createFrom().item(Listing.empty());
              }
              AnalysisRepository.Filter filter =
                  new AnalysisRepository.Filter(q.toolName(), q.toolGuid(), gitRef, sarifId);
              Page page = Page.of(q.page().page() - 1, q.page().perPage());
              return analyses
                  .count(tenantId, ref.repoId(), filter)
                  .chain(
                      total ->
                          analyses
                              .list(tenantId, ref.repoId(), filter, ascending, page)
                              .chain(
                                  list ->
                                      analyses
                                          .newestOfSet(list.stream().map(a -> a.id).toList())
                                          .map(
                                              deletable ->
                                                  new Listing<>(
                                                      list.stream()
                                                          .map(
                                                              a ->
                                                                  view(
                                                                      a,
                                                                      ref,
                                                                      deletable.contains(a.id),
                                                                      links))
                                                          .toList(),
                                                      total))));
            });
  }

  @WithSession
  public Uni<Views.Analysis> get(
      UUID tenantId, String owner, String repo, long id, ApiLinks links) {
    return find(tenantId, owner, repo, id)
        .chain(
            found ->
                analyses
                    .newestOfSet(List.of(found.analysis().id))
                    .map(
                        deletable ->
                            view(
                                found.analysis(),
                                found.repo(),
                                deletable.contains(found.analysis().id),
                                links)));
  }

  /**
   * The analysis as SARIF: its run's kept results read back from the stored upload (parsed off the
   * event loop), with the alert numbers of their keys and the stored rules.
   */
  @WithSession
  public Uni<Map<String, Object>> sarif(
      UUID tenantId, String owner, String repo, long id, ApiLinks links) {
    return find(tenantId, owner, repo, id)
        .chain(
            found ->
                uploads
                    .findById(found.analysis().uploadId)
                    .chain(
                        upload ->
                            payloads
                                .findById(found.analysis().uploadId)
                                .onItem()
                                .ifNull()
                                .failWith(Repositories::notFound)
                                .chain(
                                    payload ->
                                        vertx.executeBlocking(
                                            Uni.createFrom()
                                                .item(
                                                    () ->
                                                        StoredRun.results(
                                                            payload.gzip,
                                                            upload.checkoutUri,
                                                            upload.toolName,
                                                            found.analysis().runIndex,
                                                            config
                                                                .processing()
                                                                .maxDecompressedBytes())))))
                    .chain(stored -> document(found, stored, links)));
  }

  private Uni<Map<String, Object>> document(
      Found found, List<ResultBatch.Row> stored, ApiLinks links) {
    List<UUID> digests = stored.stream().map(ResultBatch.Row::digest).distinct().toList();
    Set<String> ruleIds = new LinkedHashSet<>();
    stored.forEach(
        r -> {
          if (r.ruleId() != null) {
            ruleIds.add(r.ruleId());
          }
        });
    Uni<Map<UUID, Long>> numbers =
        digests.isEmpty()
            ? Uni.createFrom().item(Map.of())
            : alerts
                .list("repoId = ?1 and keyDigest in ?2", found.analysis().repoId, digests)
                .map(
                    list ->
                        list.stream()
                            .collect(
                                Collectors.toMap(
                                    (AlertEntity a) -> a.keyDigest, (AlertEntity a) -> a.number)));
    return numbers.chain(
        byKey ->
            rules
                .find(found.analysis().repoId, ruleIds)
                .map(
                    ruleMap ->
                        SarifExport.document(
                            found.analysis(),
                            found.repo().fullName(),
                            stored,
                            byKey,
                            rulesOfTool(ruleMap, found.analysis().toolName),
                            links)));
  }

  /** GitHub's deletion: only the newest of its set, the last one only with confirm_delete. */
  @WithTransaction
  public Uni<Views.AnalysisDeletion> delete(
      UUID tenantId, String owner, String repo, long id, boolean confirm, ApiLinks links) {
    return find(tenantId, owner, repo, id)
        .call(found -> scanRepositories.lock(found.analysis().repoId))
        .chain(
            found ->
                analyses
                    .set(found.analysis())
                    .chain(
                        set -> {
                          AnalysisEntity analysis = found.analysis();
                          if (set.isEmpty() || !set.get(0).id.equals(analysis.id)) {
                            throw ApiException.badRequest(NOT_DELETABLE);
                          }
                          if (set.size() == 1 && !confirm) {
                            throw ApiException.badRequest(LAST_OF_TYPE);
                          }
                          List<AnalysisEntity> remaining = set.subList(1, set.size());
                          Uni<?> deletion = analyses.deleteAnalysis(analysis.id);
                          if (remaining.isEmpty()) {
                            deletion =
                                deletion.chain(
                                    () ->
                                        analyses.forgetSet(
                                            analysis.repoId,
                                            analysis.ref,
                                            analysis.toolName,
                                            analysis.category));
                          }
                          return deletion.map(ignored -> deletion(found.repo(), remaining, links));
                        }));
  }

  private static Views.AnalysisDeletion deletion(
      RepoRef repo, List<AnalysisEntity> remaining, ApiLinks links) {
    if (remaining.isEmpty()) {
      return new Views.AnalysisDeletion(null, null);
    }
    String next = links.analysis(repo.fullName(), remaining.get(0).id);
    // Deleting the next one without confirmation only works while it is not the last.
    return new Views.AnalysisDeletion(remaining.size() > 1 ? next : null, next + "?confirm_delete");
  }

  private record Found(RepoRef repo, AnalysisEntity analysis) {}

  private Uni<Found> find(UUID tenantId, String owner, String repo, long id) {
    return repositories
        .require(tenantId, owner, repo)
        .chain(
            ref ->
                ref.repoId() == null
                    ? Uni.createFrom().failure(Repositories.notFound())
                    : analyses
                        .find(tenantId, ref.repoId(), id)
                        .onItem()
                        .ifNull()
                        .failWith(Repositories::notFound)
                        .map(a -> new Found(ref, a)));
  }

  private static Map<String, ScanRuleEntity> rulesOfTool(
      Map<String, ScanRuleEntity> rules, String toolName) {
    Map<String, ScanRuleEntity> byId = new HashMap<>();
    rules.values().stream()
        .filter(r -> r.toolName.equals(toolName))
        .forEach(r -> byId.put(r.ruleId, r));
    return byId;
  }

  public static Views.Analysis view(
      AnalysisEntity a, RepoRef repo, boolean deletable, ApiLinks links) {
    return new Views.Analysis(
        a.ref,
        a.commitSha,
        a.analysisKey,
        a.environment,
        a.category,
        a.error,
        GitHubTime.format(a.createdAt),
        a.resultsCount,
        a.rulesCount,
        a.id,
        links.analysis(repo.fullName(), a.id),
        a.uploadId.toString(),
        new Views.Tool(a.toolName, a.toolVersion, a.toolGuid),
        deletable,
        a.warning);
  }

  private static UUID parseUuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
