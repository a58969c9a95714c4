package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void includesGitGuardiansTokenScopeEnum() {
    // The enum of GET /v1/api_tokens?scopes= in seed 002.
    List<String> gitGuardian =
        List.of(
            "scan",
            "incidents:read",
            "incidents:write",
            "incidents:share",
            "members:read",
            "members:write",
            "teams:read",
            "teams:write",
            "audit_logs:read",
            "honeytokens:read",
            "honeytokens:write",
            "api_tokens:read",
            "api_tokens:write");
    for (String value : gitGuardian) {
      assertThat(Scope.fromValue(value)).as(value).isPresent();
    }
  }

  @Test
  void includesTheOtherFamiliesScopes() {
    for (String value :
        List.of(
            "scan:create-incidents",
            "sources:read",
            "sources:write",
            "security_events",
            "security_events:read",
            "write:org",
            "admin:org",
            "admin:enterprise",
            "config:read",
            "config:write",
            "detection_rules:sync",
            "projects:read",
            "projects:write")) {
      assertThat(Scope.fromValue(value)).as(value).isPresent();
    }
  }

  @Test
  void operatorPowerIsNotAScope() {
    assertThat(Scope.fromValue("tenants:admin")).isEmpty();
    assertThat(Arrays.stream(Scope.values()).map(Scope::value))
        .noneMatch(v -> v.startsWith("tenants"));
  }

  @Test
  void wireNamesAreUniqueAndRoundTrip() {
    for (Scope scope : Scope.values()) {
      assertThat(Scope.fromValue(scope.value())).contains(scope);
      assertThat(scope.toString()).isEqualTo(scope.value());
    }
    assertThat(Scope.fromValue(null)).isEmpty();
    assertThat(Scope.fromValue("SCAN")).isEmpty();
  }

  @Test
  void requiredImplications() {
    assertThat(Scope.SECURITY_EVENTS.implies(Scope.SECURITY_EVENTS_READ)).isTrue();
    assertThat(Scope.CONFIG_WRITE.implies(Scope.CONFIG_READ)).isTrue();
    assertThat(Scope.INCIDENTS_WRITE.implies(Scope.INCIDENTS_READ)).isTrue();
    assertThat(Scope.API_TOKENS_WRITE.implies(Scope.API_TOKENS_READ)).isTrue();
    assertThat(Scope.MEMBERS_WRITE.implies(Scope.MEMBERS_READ)).isTrue();
  }

  @Test
  void implicationIsTransitiveAndOneWay() {
    assertThat(Scope.INCIDENTS_SHARE.implies(Scope.INCIDENTS_READ)).isTrue();
    assertThat(Scope.INCIDENTS_READ.implies(Scope.INCIDENTS_WRITE)).isFalse();
    assertThat(Scope.SECURITY_EVENTS_READ.implies(Scope.SECURITY_EVENTS)).isFalse();
    assertThat(Scope.CONFIG_READ.implies(Scope.CONFIG_WRITE)).isFalse();
    assertThat(Scope.ADMIN_ORG.implies(Scope.WRITE_ORG)).isTrue();
    assertThat(Scope.WRITE_ORG.implies(Scope.ADMIN_ORG)).isFalse();
    assertThat(Scope.ADMIN_ENTERPRISE.implies(Scope.ADMIN_ORG)).isFalse();
    assertThat(Scope.SCAN.implies(Scope.SCAN_CREATE_INCIDENTS)).isFalse();
    assertThat(Scope.SCAN_CREATE_INCIDENTS.implies(Scope.SCAN)).isFalse();
  }

  @Test
  void everyScopeImpliesItselfOnly_unlessDeclared() {
    for (Scope scope : Scope.values()) {
      assertThat(scope.implies(scope)).isTrue();
      assertThat(scope.withImplied()).contains(scope);
    }
    assertThat(Scope.SCAN.withImplied()).containsExactly(Scope.SCAN);
    assertThat(Scope.INCIDENTS_SHARE.withImplied())
        .containsExactlyInAnyOrder(
            Scope.INCIDENTS_SHARE, Scope.INCIDENTS_WRITE, Scope.INCIDENTS_READ);
  }

  @Test
  void satisfies() {
    ScopeSet set = ScopeSet.of(Scope.SECURITY_EVENTS, Scope.CONFIG_READ);
    assertThat(set.satisfies(Scope.SECURITY_EVENTS)).isTrue();
    assertThat(set.satisfies(Scope.SECURITY_EVENTS_READ)).isTrue();
    assertThat(set.satisfies(Scope.CONFIG_READ)).isTrue();
    assertThat(set.satisfies(Scope.CONFIG_WRITE)).isFalse();
    assertThat(ScopeSet.empty().satisfies(Scope.SCAN)).isFalse();
  }

  @Test
  void subsetHonoursImplication() {
    ScopeSet creator = ScopeSet.of(Scope.INCIDENTS_WRITE, Scope.SCAN);
    assertThat(ScopeSet.of(Scope.INCIDENTS_READ).isSubsetOf(creator)).isTrue();
    assertThat(ScopeSet.of(Scope.INCIDENTS_WRITE, Scope.SCAN).isSubsetOf(creator)).isTrue();
    assertThat(ScopeSet.empty().isSubsetOf(creator)).isTrue();
    assertThat(ScopeSet.of(Scope.INCIDENTS_SHARE).isSubsetOf(creator)).isFalse();
    assertThat(ScopeSet.of(Scope.SCAN, Scope.MEMBERS_READ).isSubsetOf(creator)).isFalse();
    assertThat(ScopeSet.of(Scope.SCAN).isSubsetOf(ScopeSet.empty())).isFalse();
    assertThat(ScopeSet.of(Scope.SCAN, Scope.MEMBERS_READ, Scope.INCIDENTS_READ).exceeding(creator))
        .isEqualTo(ScopeSet.of(Scope.MEMBERS_READ));
  }

  @Test
  void expandedAddsImpliedScopesForTheJwt() {
    assertThat(ScopeSet.of(Scope.SECURITY_EVENTS, Scope.CONFIG_WRITE).expanded())
        .isEqualTo(
            ScopeSet.of(
                Scope.SECURITY_EVENTS,
                Scope.SECURITY_EVENTS_READ,
                Scope.CONFIG_READ,
                Scope.CONFIG_WRITE));
  }

  @Test
  void parseAndValues() {
    ScopeSet set = ScopeSet.parse(List.of("incidents:read", "scan", "scan"));
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.values()).containsExactly("scan", "incidents:read");
    assertThat(set.toString()).isEqualTo("[scan, incidents:read]");
    assertThat(set).isEqualTo(ScopeSet.of(Scope.INCIDENTS_READ, Scope.SCAN));
    assertThat(set.hashCode()).isEqualTo(ScopeSet.of(Scope.SCAN, Scope.INCIDENTS_READ).hashCode());
    assertThatThrownBy(() -> ScopeSet.parse(List.of("scan", "repo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repo");
    assertThatThrownBy(() -> set.asSet().add(Scope.SCAN))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
