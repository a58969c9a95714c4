package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestAuthorizerTest {

  private static final RoutingTable TABLE = RoutingTable.standard();
  private static final UUID TENANT = UUID.randomUUID();
  private static final UUID PROJECT = UUID.fromString("5ddaad0c-5a0c-4674-beb5-1cd198d13360");
  private static final UUID OTHER = UUID.fromString("fdf075f9-1662-4cf1-9171-af50568158a8");

  private static Route route(HttpMethod method, String template) {
    return TABLE.find(method, template).orElseThrow();
  }

  private static Principal.TokenHolder holder(Optional<UUID> project, Scope... scopes) {
    return new Principal.TokenHolder(
        TENANT, 1, MemberRole.OWNER, UUID.randomUUID(), ScopeSet.of(scopes), project);
  }

  @Test
  void scopeCheckUsesImplication() {
    Route listAlerts = route(HttpMethod.GET, "/repos/{owner}/{repo}/code-scanning/alerts");
    assertThat(
            RequestAuthorizer.authorize(
                holder(Optional.empty(), Scope.SECURITY_EVENTS), listAlerts, Optional.empty()))
        .isEqualTo(new AccessDecision.Granted(Optional.empty()));
    AccessDecision denied =
        RequestAuthorizer.authorize(
            holder(Optional.empty(), Scope.SCAN), listAlerts, Optional.empty());
    assertThat(denied)
        .isEqualTo(
            new AccessDecision.Denied(
                AccessDecision.Denied.Reason.MISSING_SCOPE,
                Optional.of(Scope.SECURITY_EVENTS_READ)));
    assertThat(((AccessDecision.Denied) denied).error()).isEqualTo(GatewayError.FORBIDDEN);
  }

  @Test
  void authenticatedRoutesNeedNoScope() {
    Route health = route(HttpMethod.GET, "/v1/health");
    assertThat(RequestAuthorizer.authorize(holder(Optional.empty()), health, Optional.empty()))
        .isInstanceOf(AccessDecision.Granted.class);
  }

  @Test
  void operatorRoutesAreForTheOperatorOnly() {
    Route createTenant = route(HttpMethod.POST, "/vigil/v1/tenants");
    Route health = route(HttpMethod.GET, "/v1/health");
    Principal operator = new Principal.Operator();
    assertThat(RequestAuthorizer.authorize(operator, createTenant, Optional.empty()))
        .isEqualTo(new AccessDecision.Granted(Optional.empty()));
    assertThat(RequestAuthorizer.authorize(operator, health, Optional.empty()))
        .isEqualTo(
            new AccessDecision.Denied(
                AccessDecision.Denied.Reason.NOT_A_TENANT_MEMBER, Optional.empty()));
    // Every scope there is still does not make a token an operator.
    assertThat(
            RequestAuthorizer.authorize(
                holder(Optional.empty(), Scope.values()), createTenant, Optional.empty()))
        .isEqualTo(
            new AccessDecision.Denied(
                AccessDecision.Denied.Reason.OPERATOR_ONLY, Optional.empty()));
  }

  @Test
  void projectScopedRoutesNeedAProject() {
    Route list = route(HttpMethod.GET, "/v1/config/repos");
    Principal tenantWide = holder(Optional.empty(), Scope.CONFIG_READ);
    Principal pinned = holder(Optional.of(PROJECT), Scope.CONFIG_READ);

    assertThat(RequestAuthorizer.authorize(tenantWide, list, Optional.empty()))
        .isEqualTo(
            new AccessDecision.Denied(
                AccessDecision.Denied.Reason.PROJECT_REQUIRED, Optional.empty()));
    assertThat(RequestAuthorizer.authorize(tenantWide, list, Optional.of(PROJECT.toString())))
        .isEqualTo(new AccessDecision.Granted(Optional.of(PROJECT)));
    assertThat(
            RequestAuthorizer.authorize(
                tenantWide, list, Optional.of(" " + PROJECT.toString().toUpperCase() + " ")))
        .isEqualTo(new AccessDecision.Granted(Optional.of(PROJECT)));
    assertThat(RequestAuthorizer.authorize(pinned, list, Optional.empty()))
        .isEqualTo(new AccessDecision.Granted(Optional.of(PROJECT)));
    assertThat(RequestAuthorizer.authorize(pinned, list, Optional.of(PROJECT.toString())))
        .isEqualTo(new AccessDecision.Granted(Optional.of(PROJECT)));
    assertThat(RequestAuthorizer.authorize(pinned, list, Optional.of(OTHER.toString())))
        .isEqualTo(
            new AccessDecision.Denied(
                AccessDecision.Denied.Reason.PROJECT_MISMATCH, Optional.empty()));
  }

  @Test
  void malformedProjectHeaderIsABadRequest() {
    Route list = route(HttpMethod.GET, "/v1/config/repos");
    Principal tenantWide = holder(Optional.empty(), Scope.CONFIG_READ);
    for (String bad : new String[] {"1-1-1-1-1", "not-a-uuid", PROJECT + "0", "'; drop"}) {
      AccessDecision decision = RequestAuthorizer.authorize(tenantWide, list, Optional.of(bad));
      assertThat(decision)
          .isEqualTo(
              new AccessDecision.Denied(
                  AccessDecision.Denied.Reason.INVALID_PROJECT_ID, Optional.empty()));
      assertThat(((AccessDecision.Denied) decision).error()).isEqualTo(GatewayError.BAD_REQUEST);
    }
    assertThat(RequestAuthorizer.authorize(tenantWide, list, Optional.of("  ")))
        .isInstanceOf(AccessDecision.Denied.class);
  }

  @Test
  void pinnedTokensStayPinnedOnOtherRoutes() {
    Route incidents = route(HttpMethod.GET, "/v1/incidents/secrets");
    Principal pinned = holder(Optional.of(PROJECT), Scope.INCIDENTS_READ);
    assertThat(RequestAuthorizer.authorize(pinned, incidents, Optional.empty()))
        .isEqualTo(new AccessDecision.Granted(Optional.of(PROJECT)));
    // An unpinned token's header is ignored where projects do not apply.
    Principal tenantWide = holder(Optional.empty(), Scope.INCIDENTS_READ);
    assertThat(RequestAuthorizer.authorize(tenantWide, incidents, Optional.of(PROJECT.toString())))
        .isEqualTo(new AccessDecision.Granted(Optional.empty()));
  }
}
