package dev.vigil.gateway.domain;

import static dev.vigil.gateway.domain.Backend.GATEWAY;
import static dev.vigil.gateway.domain.Backend.REPO_CONFIG;
import static dev.vigil.gateway.domain.Backend.SCANNING;
import static dev.vigil.gateway.domain.Backend.SECRETS;
import static dev.vigil.gateway.domain.Backend.SYNC;
import static dev.vigil.gateway.domain.HttpMethod.DELETE;
import static dev.vigil.gateway.domain.HttpMethod.GET;
import static dev.vigil.gateway.domain.HttpMethod.PATCH;
import static dev.vigil.gateway.domain.HttpMethod.POST;
import static dev.vigil.gateway.domain.HttpMethod.PUT;
import static dev.vigil.kit.errors.ApiFamily.GITGUARDIAN;
import static dev.vigil.kit.errors.ApiFamily.GITHUB;
import static dev.vigil.kit.errors.ApiFamily.SCANNER;
import static dev.vigil.kit.errors.ApiFamily.SIGSENTRY;
import static dev.vigil.kit.errors.ApiFamily.VIGIL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The public endpoints: seeds 000–004 plus the conformance OpenAPI subsets. Scopes follow each
 * vendor's documentation: GitHub's {@code security_events} for code scanning writes (reads take
 * {@code security_events:read}, which {@code security_events} implies), {@code admin:enterprise}
 * and {@code write:org} for pattern configurations, GitGuardian's per-operation security, and
 * SigSentry's {@code config:read}/{@code config:write}.
 */
public final class VigilRoutes {

  private static final String REPO = "/repos/{owner}/{repo}/code-scanning";
  private static final String INCIDENT = "/v1/incidents/secrets/{incident_id}";

  private VigilRoutes() {}

  public static List<Route> all() {
    List<Route> routes = new ArrayList<>();
    gitHub(routes);
    gitGuardian(routes);
    sigSentry(routes);
    scanner(routes);
    vigil(routes);
    return List.copyOf(routes);
  }

  private static void gitHub(List<Route> r) {
    r.add(sarifUpload(POST, REPO + "/sarifs", "code-scanning/upload-sarif"));
    // codeql-action uploads from a workflow here (commit as commit_oid), with the same limits.
    r.add(sarifUpload(PUT, REPO + "/analysis", "code-scanning/upload-analysis-from-actions"));
    // ...and reports its progress here; a 403/404 makes the action fail before uploading.
    r.add(
        github(PUT, REPO + "/analysis/status", SCANNING, "code-scanning/actions-status-report")
            .scope(Scope.SECURITY_EVENTS)
            .build());
    r.add(read(REPO + "/sarifs/{sarif_id}", "code-scanning/get-sarif"));
    r.add(read(REPO + "/analyses", "code-scanning/list-recent-analyses"));
    r.add(read(REPO + "/analyses/{analysis_id}", "code-scanning/get-analysis"));
    r.add(
        github(DELETE, REPO + "/analyses/{analysis_id}", SCANNING, "code-scanning/delete-analysis")
            .scope(Scope.SECURITY_EVENTS)
            .build());
    r.add(read(REPO + "/alerts", "code-scanning/list-alerts-for-repo"));
    r.add(read(REPO + "/alerts/{alert_number}", "code-scanning/get-alert"));
    r.add(
        github(PATCH, REPO + "/alerts/{alert_number}", SCANNING, "code-scanning/update-alert")
            .scope(Scope.SECURITY_EVENTS)
            .build());
    r.add(read(REPO + "/alerts/{alert_number}/instances", "code-scanning/list-alert-instances"));

    // codeql-action against a server that is not github.com: GitHub Enterprise Server's /meta,
    // and, in an upload-sarif-only job, the workflow run for its analysis key (forwarded
    // read-only to the repository's own GitHub; no other Actions API).
    r.add(github(GET, "/meta", GATEWAY, "meta/get").access(Access.AUTHENTICATED).build());
    r.add(
        github(
                GET,
                "/repos/{owner}/{repo}/actions/runs/{run_id}",
                REPO_CONFIG,
                "actions/get-workflow-run")
            .scope(Scope.SECURITY_EVENTS_READ)
            .build());

    String enterprise = "/enterprises/{enterprise}/secret-scanning/pattern-configurations";
    String org = "/orgs/{org}/secret-scanning/pattern-configurations";
    r.add(
        github(GET, enterprise, SECRETS, "secret-scanning/list-enterprise-pattern-configs")
            .scope(Scope.ADMIN_ENTERPRISE)
            .build());
    r.add(
        github(PATCH, enterprise, SECRETS, "secret-scanning/update-enterprise-pattern-configs")
            .scope(Scope.ADMIN_ENTERPRISE)
            .build());
    // GitHub asks write:org even to list; admin:org implies it.
    r.add(
        github(GET, org, SECRETS, "secret-scanning/list-org-pattern-configs")
            .scope(Scope.WRITE_ORG)
            .build());
    r.add(
        github(PATCH, org, SECRETS, "secret-scanning/update-org-pattern-configs")
            .scope(Scope.WRITE_ORG)
            .build());
  }

  /**
   * A SARIF upload: large streamed body, long timeout, and GitHub's separate budget of 1,000
   * uploads an hour instead of the core one.
   */
  private static Route sarifUpload(HttpMethod method, String path, String operationId) {
    return github(method, path, SCANNING, operationId)
        .scope(Scope.SECURITY_EVENTS)
        .bodyLimit(BodyLimits.SARIF_UPLOAD)
        .timeout(Duration.ofSeconds(120))
        .streaming()
        .rateResource(RateResource.CODE_SCANNING_UPLOAD)
        .build();
  }

  private static void gitGuardian(List<Route> r) {
    // Health and the token's own details work with any valid key: they are how clients check one.
    r.add(gg(GET, "/v1/health", GATEWAY, "health_check").access(Access.AUTHENTICATED).build());
    r.add(
        gg(GET, "/v1/api_tokens/self", GATEWAY, "self-retrieve-api-token")
            .access(Access.AUTHENTICATED)
            .build());
    r.add(
        gg(DELETE, "/v1/api_tokens/self", GATEWAY, "self-revoke-api-token")
            .access(Access.AUTHENTICATED)
            .build());
    r.add(
        gg(GET, "/v1/api_tokens", GATEWAY, "list-api-tokens").scope(Scope.API_TOKENS_READ).build());
    r.add(
        gg(POST, "/v1/api_tokens", GATEWAY, "create-api-token")
            .scope(Scope.API_TOKENS_WRITE)
            .build());
    r.add(
        gg(GET, "/v1/api_tokens/{token_id}", GATEWAY, "retrieve-api-token")
            .scope(Scope.API_TOKENS_READ)
            .build());
    r.add(
        gg(DELETE, "/v1/api_tokens/{token_id}", GATEWAY, "revoke-api-token")
            .scope(Scope.API_TOKENS_WRITE)
            .build());
    // Older py-gitguardian releases read the token's details here.
    r.add(gg(GET, "/v1/token", GATEWAY, "token-info-legacy").access(Access.AUTHENTICATED).build());

    // ggshield reads scan limits and the engine version here before scanning.
    r.add(gg(GET, "/v1/metadata", SECRETS, "metadata").access(Access.AUTHENTICATED).build());
    r.add(gg(GET, "/v1/quotas", SECRETS, "quotas").access(Access.AUTHENTICATED).build());
    r.add(
        gg(POST, "/v1/scan", SECRETS, "content_scan")
            .scope(Scope.SCAN)
            .bodyLimit(BodyLimits.GITGUARDIAN_SCAN_PAYLOAD)
            .timeout(Duration.ofSeconds(60))
            .streaming()
            .build());
    r.add(
        gg(POST, "/v1/multiscan", SECRETS, "multiple_scan")
            .scope(Scope.SCAN)
            .bodyLimit(BodyLimits.GITGUARDIAN_SCAN_PAYLOAD)
            .timeout(Duration.ofSeconds(120))
            .streaming()
            .build());

    r.add(
        gg(GET, "/v1/incidents/secrets", SECRETS, "list-incidents")
            .scope(Scope.INCIDENTS_READ)
            .build());
    r.add(gg(GET, INCIDENT, SECRETS, "retrieve-incidents").scope(Scope.INCIDENTS_READ).build());
    r.add(
        gg(PATCH, INCIDENT, SECRETS, "update-secret-incident")
            .scope(Scope.INCIDENTS_WRITE)
            .build());
    for (String action : List.of("assign", "unassign", "resolve", "ignore", "reopen")) {
      r.add(
          gg(POST, INCIDENT + "/" + action, SECRETS, action + "-incident")
              .scope(Scope.INCIDENTS_WRITE)
              .build());
    }
    for (String action : List.of("share", "unshare")) {
      r.add(
          gg(POST, INCIDENT + "/" + action, SECRETS, action + "-incident")
              .scope(Scope.INCIDENTS_SHARE)
              .build());
    }
    r.add(
        gg(GET, "/v1/occurrences/secrets", SECRETS, "list-occs")
            .scope(Scope.INCIDENTS_READ)
            .build());
    // Vigil's own, in GitGuardian's shape like its neighbours: an on-demand secret scan of a
    // connected repository, and its progress.
    r.add(
        gg(POST, "/v1/secret-scans", SECRETS, "create-secret-scan")
            .scope(Scope.INCIDENTS_WRITE)
            .build());
    r.add(
        gg(GET, "/v1/secret-scans/{scan_id}", SECRETS, "get-secret-scan")
            .scope(Scope.INCIDENTS_READ)
            .build());
  }

  private static void sigSentry(List<Route> r) {
    String repos = "/v1/config/repos";
    String repo = repos + "/{id}";
    r.add(sig(POST, repos, "connect-repos", Scope.CONFIG_WRITE));
    r.add(sig(GET, repos, "list-repos", Scope.CONFIG_READ));
    r.add(sig(GET, repo, "get-repo", Scope.CONFIG_READ));
    r.add(sig(PUT, repo, "update-repo", Scope.CONFIG_WRITE));
    r.add(sig(DELETE, repo, "disconnect-repo", Scope.CONFIG_WRITE));
    r.add(sig(POST, repo + "/invalidate-cache", "invalidate-repo-cache", Scope.CONFIG_WRITE));
  }

  private static void scanner(List<Route> r) {
    r.add(
        scan(POST, "/v1/sync_github_repositories", "sync-github-repositories")
            .scope(Scope.DETECTION_RULES_SYNC)
            .build());
    // The upload runs validate/test/materialize before answering, hence the long timeout.
    r.add(
        scan(POST, "/v1/upload_git_repo_zipball", "upload-git-repo-zipball")
            .scope(Scope.DETECTION_RULES_SYNC)
            .bodyLimit(BodyLimits.SCANNER_ZIPBALL)
            .timeout(Duration.ofMinutes(5))
            .streaming()
            .build());
    r.add(
        scan(
                POST,
                "/v1/detection_rule_yaml/upsert_by_push_key",
                "upsert-detection-rule-by-push-key")
            .scope(Scope.DETECTION_RULES_SYNC)
            .timeout(Duration.ofSeconds(60))
            .build());
    // scanner-cli validate / run-tests and the validate-detection-rules Action: raw YAML bodies.
    r.add(
        scan(POST, "/v1/detection_rule_yaml/validate", "validate-detection-rule-yaml")
            .scope(Scope.DETECTION_RULES_READ)
            .build());
    r.add(
        scan(POST, "/v1/detection_rule_yaml/run_tests", "run-detection-rule-yaml-tests")
            .scope(Scope.DETECTION_RULES_READ)
            .timeout(Duration.ofSeconds(60))
            .build());
    // Vigil's management of sync sources and their materialized rules.
    String sources = "/v1/sync_sources";
    String source = sources + "/{sync_source_id}";
    r.add(scan(POST, sources, "create-sync-source").scope(Scope.DETECTION_RULES_SYNC).build());
    r.add(scan(GET, sources, "list-sync-sources").scope(Scope.DETECTION_RULES_READ).build());
    r.add(scan(GET, source, "get-sync-source").scope(Scope.DETECTION_RULES_READ).build());
    r.add(scan(DELETE, source, "delete-sync-source").scope(Scope.DETECTION_RULES_SYNC).build());
    r.add(
        scan(GET, source + "/attempts", "list-sync-attempts")
            .scope(Scope.DETECTION_RULES_READ)
            .build());
    r.add(
        scan(GET, source + "/detection_rules", "list-sync-source-detection-rules")
            .scope(Scope.DETECTION_RULES_READ)
            .build());
    r.add(
        scan(GET, "/v1/detection_rules", "list-detection-rules")
            .scope(Scope.DETECTION_RULES_READ)
            .build());
    r.add(
        scan(GET, "/v1/detection_rules/{detection_rule_id}", "get-detection-rule")
            .scope(Scope.DETECTION_RULES_READ)
            .build());
  }

  private static void vigil(List<Route> r) {
    // Push protection for git servers: the pre-receive hook checks with the scan scope; letting a
    // blocked secret in opens its incident, so it takes the scope that creates incidents.
    r.add(vigSecrets(POST, "/v1/push-protection/check", "check-push").scope(Scope.SCAN).build());
    r.add(
        vigSecrets(POST, "/v1/push-protection/bypasses", "bypass-push-protection")
            .scope(Scope.SCAN_CREATE_INCIDENTS)
            .build());
    // Custom patterns belong to the enterprise (admin:enterprise) or to one organization
    // (admin:org): the level is in the body or the pattern, so secrets-service checks the scope.
    String patterns = "/v1/secret-scanning/custom-patterns";
    String pattern = patterns + "/{token_type}";
    r.add(vigSecrets(GET, patterns, "list-custom-patterns").access(Access.AUTHENTICATED).build());
    r.add(vigSecrets(POST, patterns, "create-custom-pattern").access(Access.AUTHENTICATED).build());
    r.add(vigSecrets(GET, pattern, "get-custom-pattern").access(Access.AUTHENTICATED).build());
    r.add(
        vigSecrets(DELETE, pattern, "delete-custom-pattern").access(Access.AUTHENTICATED).build());

    String tenants = "/vigil/v1/tenants";
    String tenant = tenants + "/{tenant_slug}";
    r.add(vig(POST, tenants, "create-tenant").access(Access.OPERATOR).build());
    r.add(vig(GET, tenants, "list-tenants").access(Access.OPERATOR).build());
    r.add(vig(GET, tenant, "get-tenant").access(Access.OPERATOR).build());
    r.add(vig(PATCH, tenant, "update-tenant").access(Access.OPERATOR).build());

    // Backends' own identities (client credentials for service-to-service calls).
    String clients = "/vigil/v1/service-clients";
    r.add(vig(POST, clients, "create-service-client").access(Access.OPERATOR).build());
    r.add(vig(GET, clients, "list-service-clients").access(Access.OPERATOR).build());
    r.add(
        vig(DELETE, clients + "/{client_id}", "disable-service-client")
            .access(Access.OPERATOR)
            .build());

    String projects = "/vigil/v1/projects";
    String project = projects + "/{project_id}";
    r.add(vig(GET, projects, "list-projects").scope(Scope.PROJECTS_READ).build());
    r.add(vig(POST, projects, "create-project").scope(Scope.PROJECTS_WRITE).build());
    r.add(vig(GET, project, "get-project").scope(Scope.PROJECTS_READ).build());
    r.add(vig(PATCH, project, "update-project").scope(Scope.PROJECTS_WRITE).build());
    r.add(vig(DELETE, project, "delete-project").scope(Scope.PROJECTS_WRITE).build());

    String members = "/vigil/v1/members";
    String member = members + "/{member_id}";
    r.add(vig(GET, members, "list-members").scope(Scope.MEMBERS_READ).build());
    r.add(vig(POST, members, "create-member").scope(Scope.MEMBERS_WRITE).build());
    r.add(vig(GET, member, "get-member").scope(Scope.MEMBERS_READ).build());
    r.add(vig(PATCH, member, "update-member").scope(Scope.MEMBERS_WRITE).build());
    r.add(vig(DELETE, member, "delete-member").scope(Scope.MEMBERS_WRITE).build());
  }

  private static Route read(String template, String operationId) {
    return github(GET, template, SCANNING, operationId).scope(Scope.SECURITY_EVENTS_READ).build();
  }

  private static Route.Builder github(
      HttpMethod method, String template, Backend backend, String operationId) {
    return Route.builder(method, template).to(backend, GITHUB).operationId(operationId);
  }

  private static Route.Builder gg(
      HttpMethod method, String template, Backend backend, String operationId) {
    return Route.builder(method, template).to(backend, GITGUARDIAN).operationId(operationId);
  }

  // Every SigSentry call acts on one project: a pinned key's, or the X-Project-Id header's.
  private static Route sig(HttpMethod method, String template, String operationId, Scope scope) {
    return Route.builder(method, template)
        .to(REPO_CONFIG, SIGSENTRY)
        .operationId(operationId)
        .scope(scope)
        .projectScoped()
        .build();
  }

  private static Route.Builder scan(HttpMethod method, String template, String operationId) {
    return Route.builder(method, template).to(SYNC, SCANNER).operationId(operationId);
  }

  private static Route.Builder vigSecrets(HttpMethod method, String template, String operationId) {
    return Route.builder(method, template).to(SECRETS, VIGIL).operationId(operationId);
  }

  private static Route.Builder vig(HttpMethod method, String template, String operationId) {
    return Route.builder(method, template).to(GATEWAY, VIGIL).operationId(operationId);
  }
}
