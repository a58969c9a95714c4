package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.contracts.identity.InternalJwt;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.json.JsonNumber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Verifies with smallrye-jwt's own parser and key loading, i.e. what Quarkus services run. */
class TestTokensTest {

  static JsonWebToken verify(String token, String audience) throws ParseException {
    // The same two settings VigilTestResource hands to services.
    JWTAuthContextInfo context =
        new JWTAuthContextInfo(TestTokens.jwksLocation(), InternalJwt.ISSUER);
    context.setExpectedAudience(Set.of(audience));
    return new DefaultJWTParser(context).parse(token);
  }

  @Test
  void jwksLocationIsAFileUrlOfAKeySetWithKid() throws Exception {
    String location = TestTokens.jwksLocation();
    assertThat(location).startsWith("file:/");
    String json = Files.readString(Path.of(location.substring("file:".length())));
    assertThat(json).contains("\"kid\":\"" + TestTokens.KEY_ID + "\"").contains("\"n\":");
    assertThat(json).doesNotContain("\"d\":"); // no private part
    assertThat(TestTokens.jwksLocation()).isEqualTo(location); // one key per JVM
  }

  @Test
  void userTokenVerifiesAndCarriesTheClaims() throws Exception {
    UUID tenant = UUID.randomUUID();
    UUID tokenId = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    String token =
        TestTokens.forAudience("scanning-service")
            .tenant(tenant)
            .member(42)
            .tokenId(tokenId)
            .project(project)
            .scopes("alerts:read", "alerts:write")
            .plan("team")
            .expiresIn(Duration.ofMinutes(2))
            .sign();

    String header =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(header).contains("\"kid\":\"" + TestTokens.KEY_ID + "\"").contains("RS256");

    JsonWebToken jwt = verify(token, "scanning-service");
    assertThat(jwt.getIssuer()).isEqualTo(InternalJwt.ISSUER);
    assertThat(jwt.getAudience()).containsExactly("scanning-service");
    assertThat(jwt.getSubject()).isEqualTo("42");
    assertThat(jwt.getGroups()).containsExactlyInAnyOrder("alerts:read", "alerts:write");
    assertThat(jwt.<String>getClaim(InternalJwt.TENANT_ID)).isEqualTo(tenant.toString());
    assertThat(((JsonNumber) jwt.getClaim(InternalJwt.MEMBER_ID)).longValue()).isEqualTo(42);
    assertThat(jwt.<String>getClaim(InternalJwt.TOKEN_ID)).isEqualTo(tokenId.toString());
    assertThat(jwt.<String>getClaim(InternalJwt.PROJECT_ID)).isEqualTo(project.toString());
    assertThat(jwt.<String>getClaim(InternalJwt.PLAN)).isEqualTo("team");
    assertThat(jwt.getTokenID()).isNotBlank();
    assertThat(jwt.getExpirationTime() - jwt.getIssuedAtTime()).isEqualTo(120);
    assertThat(jwt.containsClaim(InternalJwt.SERVICE)).isFalse();
  }

  @Test
  void defaultsAndServiceIdentity() throws Exception {
    JsonWebToken user = verify(TestTokens.forAudience("sync-service").sign(), "sync-service");
    assertThat(user.getSubject()).isEqualTo("1");
    assertThat(user.<String>getClaim(InternalJwt.PLAN)).isEqualTo("enterprise");
    assertThat(user.containsClaim(InternalJwt.PROJECT_ID)).isFalse();
    assertThat(user.getExpirationTime() - user.getIssuedAtTime())
        .isEqualTo(InternalJwt.TTL_SECONDS);
    UUID.fromString(user.getClaim(InternalJwt.TENANT_ID));
    UUID.fromString(user.getClaim(InternalJwt.TOKEN_ID));

    JsonWebToken service =
        verify(
            TestTokens.forAudience("secrets-service").service("sync-service").sign(),
            "secrets-service");
    assertThat(service.getSubject()).isEqualTo("sync-service");
    assertThat(service.<String>getClaim(InternalJwt.SERVICE)).isEqualTo("sync-service");
    assertThat(service.containsClaim(InternalJwt.MEMBER_ID)).isFalse();
    assertThat(service.containsClaim(InternalJwt.TOKEN_ID)).isFalse();
  }

  @Test
  void strangerWrongAudienceAndExpiredTokensAreRejected() {
    assertThatThrownBy(() -> verify(TestTokens.signedByStranger("sync-service"), "sync-service"))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> verify(TestTokens.forAudience("gateway").sign(), "sync-service"))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(
            () ->
                verify(
                    TestTokens.forAudience("sync-service")
                        .expiresIn(Duration.ofMinutes(-10))
                        .sign(),
                    "sync-service"))
        .isInstanceOf(ParseException.class);
  }
}
