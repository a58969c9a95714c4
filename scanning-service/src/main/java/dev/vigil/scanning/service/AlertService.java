package dev.vigil.scanning.service;

import dev.vigil.contracts.events.EventType;
import dev.vigil.kit.auth.VigilPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.outbox.Outbox;
import dev.vigil.kit.pagination.GitHubPage;
import dev.vigil.scanning.domain.ApiLinks;
import dev.vigil.scanning.domain.GitHubTime;
import dev.vigil.scanning.domain.Listing;
import dev.vigil.scanning.domain.ServiceMappings;
import dev.vigil.scanning.domain.Views;
import dev.vigil.scanning.events.AlertEvents;
import dev.vigil.scanning.persistence.AlertEntity;
import dev.vigil.scanning.persistence.AlertInstanceEntity;
import dev.vigil.scanning.persistence.AlertRepository;
import dev.vigil.scanning.persistence.ScanRuleEntity;
import dev.vigil.scanning.persistence.ScanRuleRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts: lists with GitHub's filters, single alerts, their instances, and the dismiss/reopen state
 * changes with their events.
 *
 * <p>State: an alert is {@code dismissed} by a user until reopened; otherwise {@code open} while it
 * is open where its state is decided — on the default branch when it has been seen there, else on
 * any ref — and {@code fixed} when absent from the newest analysis of every such ref. In a list for
 * one ref, the state shown is that ref's (dismissed still wins).
 */
@ApplicationScoped
public class AlertService {

  public static final String ALREADY_DISMISSED = "Alert is already dismissed.";
  public static final String REASON_REQUIRED =
      "A dismissed_reason is required when the state is dismissed.";

  /** The query of the alerts list. */
  public record Query(
      String toolName,
      String toolGuid,
      String ref,
      Integer pr,
      String state,
      String severity,
      String sort,
      String direction,
      GitHubPage page) {}

  /** A validated PATCH body. */
  public record Update(String state, String dismissedReason, String dismissedComment) {}

  private final Repositories repositories;
  private final AlertRepository alerts;
  private final ScanRuleRepository rules;
  private final Outbox outbox;

  AlertService(
      Repositories repositories, AlertRepository alerts, ScanRuleRepository rules, Outbox outbox) {
    this.repositories = repositories;
    this.alerts = alerts;
    this.rules = rules;
    this.outbox = outbox;
  }

  @WithSession
  public Uni<Listing<Views.Alert>> list(
      UUID tenantId, String owner, String repo, Query q, ApiLinks links) {
    return repositories
        .require(tenantId, owner, repo)
        .chain(
            ref -> {
              AlertRepository.Filter filter = filter(q);
              AlertRepository.SortBy sort = sort(q.sort());
              boolean ascending = Directions.ascending(q.direction());
              String gitRef = Refs.of(q.ref(), q.pr());
              if (gitRef == null) {
                gitRef = Refs.branch(ref.defaultBranch());
              }
              if (ref.repoId() == null) {
                return Uni.createFrom().item(Listing.empty());
              }
              int offset = (int) q.page().offset();
              int limit = q.page().perPage();
              if (gitRef != null) {
                String onRef = gitRef;
                return alerts
                    .countOnRef(tenantId, ref.repoId(), onRef, filter)
                    .chain(
                        total ->
                            alerts
                                .listOnRef(
                                    tenantId,
                                    ref.repoId(),
                                    onRef,
                                    filter,
                                    sort,
                                    ascending,
                                    offset,
                                    limit)
                                .chain(
                                    rows ->
                                        rulesFor(
                                                ref.repoId(),
                                                rows.stream()
                                                    .map(AlertRepository.OnRef::alert)
                                                    .toList())
                                            .map(
                                                ruleMap ->
                                                    new Listing<>(
                                                        rows.stream()
                                                            .map(
                                                                row ->
                                                                    view(
                                                                        row.alert(),
                                                                        row.instance(),
                                                                        shownState(
                                                                            row.alert(),
                                                                            row.instance()),
                                                                        ruleMap,
                                                                        ref,
                                                                        links))
                                                            .toList(),
                                                        total))));
              }
              return alerts
                  .countAll(tenantId, ref.repoId(), filter)
                  .chain(
                      total ->
                          alerts
                              .listAll(
                                  tenantId, ref.repoId(), filter, sort, ascending, offset, limit)
                              .chain(page -> withInstances(page, ref, links))
                              .map(items -> new Listing<>(items, total)));
            });
  }

  @WithSession
  public Uni<Views.Alert> get(
      UUID tenantId, String owner, String repo, long number, ApiLinks links) {
    return repositories
        .require(tenantId, owner, repo)
        .chain(
            ref ->
                find(tenantId, ref, number)
                    .chain(alert -> withInstances(List.of(alert), ref, links))
                    .map(list -> list.get(0)));
  }

  @WithSession
  public Uni<Listing<Views.Instance>> instances(
      UUID tenantId,
      String owner,
      String repo,
      long number,
      String gitRef,
      Integer pr,
      GitHubPage page) {
    return repositories
        .require(tenantId, owner, repo)
        .chain(
            ref ->
                find(tenantId, ref, number)
                    .chain(
                        alert -> {
                          String onRef = Refs.of(gitRef, pr);
                          return alerts
                              .countInstances(alert.id, onRef)
                              .chain(
                                  total ->
                                      alerts
                                          .instances(
                                              alert.id, onRef, (int) page.offset(), page.perPage())
                                          .map(
                                              list ->
                                                  new Listing<>(
                                                      list.stream()
                                                          .map(i -> instance(i, i.state))
                                                          .toList(),
                                                      total)));
                        }));
  }

  /** Dismisses or reopens an alert; one event per state change, in the same transaction. */
  @WithTransaction
  public Uni<Views.Alert> update(
      VigilPrincipal caller,
      String owner,
      String repo,
      long number,
      Update update,
      ApiLinks links) {
    UUID tenantId = caller.tenantId();
    return repositories
        .require(tenantId, owner, repo)
        .chain(
            ref -> {
              if (ref.repoId() == null) {
                return Uni.createFrom().failure(Repositories.notFound());
              }
              return alerts
                  .lockByNumber(tenantId, ref.repoId(), number)
                  .onItem()
                  .ifNull()
                  .failWith(Repositories::notFound)
                  .chain(
                      alert ->
                          alerts
                              .instancesOf(List.of(alert.id))
                              .chain(
                                  instances ->
                                      apply(caller, ref, alert, instances, update)
                                          .chain(() -> withInstances(List.of(alert), ref, links))
                                          .map(list -> list.get(0))));
            });
  }

  private Uni<Void> apply(
      VigilPrincipal caller,
      RepoRef ref,
      AlertEntity alert,
      List<AlertInstanceEntity> instances,
      Update update) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    EventType event;
    if (update.state() == null) {
      return Uni.createFrom().voidItem(); // only assignees, which Vigil does not track
    }
    if (update.state().equals(AlertEntity.DISMISSED)) {
      if (update.dismissedReason() == null) {
        throw ApiException.badRequest(REASON_REQUIRED);
      }
      if (AlertEntity.DISMISSED.equals(alert.state)) {
        throw ApiException.badRequest(ALREADY_DISMISSED);
      }
      alert.state = AlertEntity.DISMISSED;
      alert.dismissedAt = now;
      alert.dismissedReason = update.dismissedReason();
      alert.dismissedComment = update.dismissedComment();
      alert.dismissedByMember = caller.memberId().orElse(null);
      alert.dismissedByLogin = login(caller);
      event = EventType.CODE_SCANNING_ALERT_DISMISSED;
    } else {
      if (!AlertEntity.DISMISSED.equals(alert.state)) {
        return Uni.createFrom().voidItem(); // already open (or fixed): nothing changes
      }
      boolean open = openAtHome(instances, Refs.branch(ref.defaultBranch()));
      alert.state = open ? AlertEntity.OPEN : AlertEntity.FIXED;
      alert.fixedAt = open ? null : now;
      alert.dismissedAt = null;
      alert.dismissedReason = null;
      alert.dismissedComment = null;
      alert.dismissedByMember = null;
      alert.dismissedByLogin = null;
      event = open ? EventType.CODE_SCANNING_ALERT_REOPENED : EventType.CODE_SCANNING_ALERT_FIXED;
    }
    alert.updatedAt = now;
    AlertInstanceEntity latest = mostRecent(instances, Refs.branch(ref.defaultBranch()));
    AlertEvents.Alert data =
        new AlertEvents.Alert(
            ref.fullName(),
            alert.number,
            alert.ruleId,
            alert.toolName,
            alert.severity,
            alert.securitySeverityLevel,
            alert.state,
            latest == null ? "refs/heads/" + ref.defaultBranch() : latest.ref,
            latest == null ? "" : latest.commitSha,
            alert.dismissedReason,
            alert.dismissedComment,
            ServiceMappings.parse(ref.serviceMappingsJson()).serviceFor(alert.path));
    return outbox.append(
        AlertEvents.event(event, ref.tenantId(), data),
        AlertEvents.key(ref.tenantId(), ref.fullName(), alert.number));
  }

  private Uni<AlertEntity> find(UUID tenantId, RepoRef ref, long number) {
    if (ref.repoId() == null) {
      return Uni.createFrom().failure(Repositories.notFound());
    }
    return alerts
        .findByNumber(tenantId, ref.repoId(), number)
        .onItem()
        .ifNull()
        .failWith(Repositories::notFound);
  }

  /** Views of alerts with their most recent instance (default branch first). */
  private Uni<List<Views.Alert>> withInstances(
      List<AlertEntity> page, RepoRef ref, ApiLinks links) {
    String defaultRef = Refs.branch(ref.defaultBranch());
    return alerts
        .instancesOf(page.stream().map(a -> a.id).toList())
        .chain(
            all -> {
              Map<Long, List<AlertInstanceEntity>> byAlert = new HashMap<>();
              all.forEach(i -> byAlert.computeIfAbsent(i.alertId, k -> new ArrayList<>()).add(i));
              return rulesFor(ref.repoId(), page)
                  .map(
                      ruleMap ->
                          page.stream()
                              .map(
                                  a ->
                                      view(
                                          a,
                                          mostRecent(
                                              byAlert.getOrDefault(a.id, List.of()), defaultRef),
                                          a.state,
                                          ruleMap,
                                          ref,
                                          links))
                              .toList());
            });
  }

  private Uni<Map<String, ScanRuleEntity>> rulesFor(long repoId, List<AlertEntity> page) {
    Set<String> ids = new LinkedHashSet<>();
    page.forEach(
        a -> {
          if (!a.ruleId.isEmpty()) {
            ids.add(a.ruleId);
          }
        });
    return rules.find(repoId, ids);
  }

  public static AlertInstanceEntity mostRecent(
      List<AlertInstanceEntity> instances, String defaultRef) {
    if (defaultRef != null) {
      for (AlertInstanceEntity i : instances) {
        if (i.ref.equals(defaultRef)) {
          return i;
        }
      }
    }
    return instances.stream()
        .max(Comparator.comparing((AlertInstanceEntity i) -> i.seenAt))
        .orElse(null);
  }

  public static boolean openAtHome(List<AlertInstanceEntity> instances, String defaultRef) {
    boolean home = defaultRef != null && instances.stream().anyMatch(i -> i.ref.equals(defaultRef));
    return instances.stream()
        .filter(i -> !home || i.ref.equals(defaultRef))
        .anyMatch(i -> AlertInstanceEntity.OPEN.equals(i.state));
  }

  private static String shownState(AlertEntity alert, AlertInstanceEntity instance) {
    return AlertEntity.DISMISSED.equals(alert.state) ? AlertEntity.DISMISSED : instance.state;
  }

  private static Views.Alert view(
      AlertEntity a,
      AlertInstanceEntity instance,
      String state,
      Map<String, ScanRuleEntity> ruleMap,
      RepoRef repo,
      ApiLinks links) {
    ScanRuleEntity rule = ruleMap.get(ScanRuleRepository.key(a.toolName, a.ruleId));
    String instanceState = AlertEntity.DISMISSED.equals(a.state) ? AlertEntity.DISMISSED : null;
    return new Views.Alert(
        a.number,
        GitHubTime.format(a.createdAt),
        GitHubTime.format(a.updatedAt),
        links.alert(repo.fullName(), a.number),
        links.alertHtml(repo.fullName(), a.number),
        links.alertInstances(repo.fullName(), a.number),
        state,
        GitHubTime.format(a.fixedAt),
        a.dismissedByLogin == null ? null : user(a, links),
        GitHubTime.format(a.dismissedAt),
        a.dismissedReason,
        a.dismissedComment,
        rule(a, rule),
        new Views.Tool(a.toolName, a.toolVersion, a.toolGuid),
        instance == null
            ? emptyInstance(a)
            : instance(instance, instanceState != null ? instanceState : instance.state));
  }

  private static Views.Rule rule(AlertEntity a, ScanRuleEntity rule) {
    String id = a.ruleId.isEmpty() ? null : a.ruleId;
    String name = rule != null && rule.name != null ? rule.name : (id == null ? "" : id);
    String description =
        rule == null ? name : firstNonNull(rule.shortDescription, rule.fullDescription, name);
    String full = rule == null ? description : firstNonNull(rule.fullDescription, description);
    return new Views.Rule(
        id,
        name,
        a.severity,
        a.securitySeverityLevel,
        description,
        full,
        rule == null ? null : SarifExport.readList(rule.tags),
        rule == null ? null : firstNonNull(rule.helpMarkdown, rule.helpText),
        rule == null ? null : rule.helpUri);
  }

  public static Views.Instance instance(AlertInstanceEntity i, String state) {
    return new Views.Instance(
        i.ref,
        i.analysisKey,
        i.environment,
        i.category,
        state,
        i.commitSha,
        new Views.Message(i.message),
        new Views.Location(i.path, i.startLine, i.endLine, i.startColumn, i.endColumn),
        SarifExport.readList(i.classifications));
  }

  private static Views.Instance emptyInstance(AlertEntity a) {
    return new Views.Instance(
        null,
        null,
        null,
        a.category,
        a.state,
        null,
        new Views.Message(""),
        new Views.Location(a.path.isEmpty() ? null : a.path, null, null, null, null),
        List.of());
  }

  private static Views.SimpleUser user(AlertEntity a, ApiLinks links) {
    String login = a.dismissedByLogin;
    long id = a.dismissedByMember == null ? 0 : a.dismissedByMember;
    String url = links.user(login);
    return new Views.SimpleUser(
        login,
        id,
        Base64.getEncoder().encodeToString(("04:User" + id).getBytes(StandardCharsets.UTF_8)),
        links.apiBase() + "/avatars/" + login,
        "",
        url,
        links.userHtml(login),
        url + "/followers",
        url + "/following{/other_user}",
        url + "/gists{/gist_id}",
        url + "/starred{/owner}{/repo}",
        url + "/subscriptions",
        url + "/orgs",
        url + "/repos",
        url + "/events{/privacy}",
        url + "/received_events",
        "User",
        false);
  }

  /** Members are known to this service by id only (the internal JWT carries no login). */
  private static String login(VigilPrincipal caller) {
    if (caller.memberId().isPresent()) {
      return "member-" + caller.memberId().get();
    }
    return caller.service().orElse("vigil");
  }

  private static AlertRepository.Filter filter(Query q) {
    if (q.toolName() != null && q.toolGuid() != null) {
      throw Refs.invalid("tool_guid", "specify either tool_name or tool_guid, not both");
    }
    String state = q.state();
    if (state != null && !Set.of("open", "dismissed", "fixed").contains(state)) {
      throw Refs.invalid("state", "state must be one of open, dismissed, fixed");
    }
    String securityLevel = null;
    String severity = null;
    if (q.severity() != null) {
      switch (q.severity()) {
        case "critical", "high", "medium", "low" -> securityLevel = q.severity();
        case "error", "warning", "note" -> severity = q.severity();
        default ->
            throw Refs.invalid(
                "severity",
                "severity must be one of critical, high, medium, low, warning, note, error");
      }
    }
    return new AlertRepository.Filter(q.toolName(), q.toolGuid(), state, securityLevel, severity);
  }

  private static AlertRepository.SortBy sort(String sort) {
    if (sort == null || sort.equals("created")) {
      return AlertRepository.SortBy.CREATED;
    }
    return switch (sort) {
      case "updated" -> AlertRepository.SortBy.UPDATED;
      case "number" -> AlertRepository.SortBy.NUMBER;
      default -> throw Refs.invalid("sort", "sort must be one of created, updated, number");
    };
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
