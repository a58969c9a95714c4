package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenModelTest {

  private static final Instant T0 = Instant.parse("2023-05-20T12:40:55.662949Z");

  @Test
  void activeWithoutExpiryOrRevocation() {
    assertThat(TokenStatus.statusAt(T0, null, null)).isEqualTo(TokenStatus.ACTIVE);
    assertThat(TokenStatus.statusAt(T0.plus(Duration.ofDays(3650)), null, null))
        .isEqualTo(TokenStatus.ACTIVE);
  }

  @Test
  void expiresAtItsExpiryInstant() {
    Instant expire = T0.plusSeconds(60);
    assertThat(TokenStatus.statusAt(expire.minusNanos(1), expire, null))
        .isEqualTo(TokenStatus.ACTIVE);
    assertThat(TokenStatus.statusAt(expire, expire, null)).isEqualTo(TokenStatus.EXPIRED);
    assertThat(TokenStatus.statusAt(expire.plusSeconds(1), expire, null))
        .isEqualTo(TokenStatus.EXPIRED);
  }

  @Test
  void revokedFromItsRevocationInstant() {
    Instant revoked = T0.plusSeconds(10);
    assertThat(TokenStatus.statusAt(revoked.minusMillis(1), null, revoked))
        .isEqualTo(TokenStatus.ACTIVE);
    assertThat(TokenStatus.statusAt(revoked, null, revoked)).isEqualTo(TokenStatus.REVOKED);
  }

  @Test
  void revocationWinsOverExpiry() {
    Instant expire = T0.plusSeconds(10);
    Instant revoked = T0.plusSeconds(20);
    assertThat(TokenStatus.statusAt(T0.plusSeconds(15), expire, revoked))
        .isEqualTo(TokenStatus.EXPIRED);
    assertThat(TokenStatus.statusAt(T0.plusSeconds(25), expire, revoked))
        .isEqualTo(TokenStatus.REVOKED);
    assertThat(TokenStatus.statusAt(T0.plusSeconds(25), revoked, expire))
        .isEqualTo(TokenStatus.REVOKED);
  }

  @Test
  void wireNames() {
    assertThat(TokenStatus.ACTIVE.value()).isEqualTo("active");
    assertThat(TokenStatus.EXPIRED.value()).isEqualTo("expired");
    assertThat(TokenStatus.REVOKED.value()).isEqualTo("revoked");
    assertThat(TokenStatus.fromValue("revoked")).contains(TokenStatus.REVOKED);
    assertThat(TokenStatus.fromValue("Revoked")).isEmpty();
    assertThat(TokenType.PERSONAL_ACCESS_TOKEN.value()).isEqualTo("personal_access_token");
    assertThat(TokenType.SERVICE_ACCOUNT.value()).isEqualTo("service_account");
    assertThat(TokenType.fromValue("service_account")).contains(TokenType.SERVICE_ACCOUNT);
    assertThat(TokenType.fromValue("bot")).isEmpty();
    assertThat(MemberRole.fromValue("restricted")).contains(MemberRole.RESTRICTED);
    assertThat(MemberRole.fromValue("admin")).isEmpty();
    assertThat(MemberRole.values())
        .extracting(MemberRole::value)
        .containsExactly("owner", "manager", "member", "restricted");
  }

  @Test
  void apiTokenStatusAndPrincipal() {
    UUID project = UUID.randomUUID();
    ApiToken token =
        new ApiToken(
            UUID.randomUUID(),
            UUID.randomUUID(),
            22015,
            Optional.of(22015L),
            "myTokenName",
            TokenType.PERSONAL_ACCESS_TOKEN,
            ScopeSet.of(Scope.SCAN),
            Optional.of(project),
            T0,
            null,
            T0.plusSeconds(100),
            null);
    assertThat(token.isActive(T0.plusSeconds(99))).isTrue();
    assertThat(token.status(T0.plusSeconds(100))).isEqualTo(TokenStatus.EXPIRED);
    Principal.TokenHolder principal = token.principal(MemberRole.OWNER);
    assertThat(principal.tenantId()).isEqualTo(token.tenantId());
    assertThat(principal.memberId()).isEqualTo(22015);
    assertThat(principal.tokenId()).isEqualTo(token.id());
    assertThat(principal.scopes()).isEqualTo(ScopeSet.of(Scope.SCAN));
    assertThat(principal.projectId()).contains(project);
    ScopeSet writer = ScopeSet.of(Scope.INCIDENTS_WRITE, Scope.MEMBERS_WRITE, Scope.SCAN);
    assertThat(MemberRole.RESTRICTED.effective(writer))
        .isEqualTo(ScopeSet.of(Scope.SCAN, Scope.INCIDENTS_READ));
    assertThat(MemberRole.MEMBER.effective(writer))
        .isEqualTo(
            ScopeSet.of(
                Scope.SCAN, Scope.INCIDENTS_READ, Scope.INCIDENTS_WRITE, Scope.MEMBERS_READ));
  }

  @Test
  void bootstrapOperatorMatchesOnlyItsHash() {
    String hash = "a".repeat(64);
    BootstrapOperator operator = new BootstrapOperator(hash);
    assertThat(operator.matches(hash)).isTrue();
    assertThat(operator.matches("b".repeat(64))).isFalse();
    assertThat(operator.matches(null)).isFalse();
    assertThat(operator.toString()).doesNotContain(hash);
    assertThat(BootstrapOperator.disabled().matches("")).isFalse();
  }
}
