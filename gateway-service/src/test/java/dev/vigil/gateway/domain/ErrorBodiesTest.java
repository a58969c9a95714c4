package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.errors.ApiFamily;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode parse(ErrorBody body) throws Exception {
    return JSON.readTree(body.json());
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void gitHubBadCredentials() throws Exception {
    ErrorBody body = ErrorBodies.unauthorized(ApiFamily.GITHUB);
    assertThat(body.status()).isEqualTo(401);
    JsonNode json = parse(body);
    assertThat(fields(json)).containsExactly("message", "documentation_url", "status");
    assertThat(json.get("message").asText()).isEqualTo("Bad credentials");
    assertThat(json.get("documentation_url").asText()).isEqualTo("https://docs.github.com/rest");
    assertThat(json.get("status").asText()).isEqualTo("401");
    assertThat(json.get("status").isTextual()).isTrue();
  }

  @Test
  void gitGuardianInvalidApiKey() {
    ErrorBody body = ErrorBodies.unauthorized(ApiFamily.GITGUARDIAN);
    assertThat(body.status()).isEqualTo(401);
    // Byte for byte what GitGuardian answers (conformance cassette test_content_not_ok).
    assertThat(body.json()).isEqualTo("{\"detail\":\"Invalid API key.\"}");
  }

  @Test
  void sigSentryShape() throws Exception {
    JsonNode json = parse(ErrorBodies.unauthorized(ApiFamily.SIGSENTRY));
    assertThat(fields(json)).containsExactly("success", "error");
    assertThat(json.get("success").isBoolean()).isTrue();
    assertThat(json.get("success").asBoolean()).isFalse();
    assertThat(fields(json.get("error"))).containsExactly("code", "message");
    assertThat(json.at("/error/code").asText()).isEqualTo("UNAUTHORIZED");

    JsonNode forbidden = parse(ErrorBodies.missingScope(ApiFamily.SIGSENTRY, Scope.CONFIG_WRITE));
    assertThat(fields(forbidden.get("error"))).containsExactly("code", "message", "details");
    assertThat(forbidden.at("/error/code").asText()).isEqualTo("FORBIDDEN");
    assertThat(forbidden.at("/error/message").asText()).contains("config:write");
    assertThat(forbidden.at("/error/details/requiredScope").asText()).isEqualTo("config:write");
  }

  @Test
  void sigSentryCodes() throws Exception {
    Map<GatewayError, String> expected =
        Map.of(
            GatewayError.UNAUTHORIZED, "UNAUTHORIZED",
            GatewayError.FORBIDDEN, "FORBIDDEN",
            GatewayError.NOT_FOUND, "NOT_FOUND",
            GatewayError.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
            GatewayError.RATE_LIMITED, "RATE_LIMITED",
            GatewayError.BAD_GATEWAY, "BAD_GATEWAY",
            GatewayError.GATEWAY_TIMEOUT, "GATEWAY_TIMEOUT",
            GatewayError.BAD_REQUEST, "VALIDATION_ERROR");
    for (Map.Entry<GatewayError, String> e : expected.entrySet()) {
      ErrorBody body = ErrorBodies.of(ApiFamily.SIGSENTRY, e.getKey());
      assertThat(body.status()).isEqualTo(e.getKey().status());
      assertThat(parse(body).at("/error/code").asText()).isEqualTo(e.getValue());
    }
  }

  @Test
  void scannerAndVigilShapes() throws Exception {
    JsonNode scanner = parse(ErrorBodies.of(ApiFamily.SCANNER, GatewayError.NOT_FOUND));
    assertThat(fields(scanner)).containsExactly("error");
    assertThat(scanner.get("error").isTextual()).isTrue();

    JsonNode vigil = parse(ErrorBodies.of(ApiFamily.VIGIL, GatewayError.FORBIDDEN));
    assertThat(fields(vigil)).containsExactly("error");
    assertThat(fields(vigil.get("error"))).containsExactly("code", "message");
    assertThat(vigil.at("/error/code").asText()).isEqualTo("FORBIDDEN");
  }

  @Test
  void everyFamilyAndErrorRendersValidJsonWithTheRightStatus() throws Exception {
    for (ApiFamily family : ApiFamily.values()) {
      for (GatewayError error : GatewayError.values()) {
        ErrorBody body = ErrorBodies.of(family, error);
        assertThat(body.status()).isEqualTo(error.status());
        JsonNode json = parse(body);
        switch (family) {
          case GITHUB -> {
            assertThat(json.get("message").asText()).isNotBlank();
            assertThat(json.get("documentation_url").asText())
                .startsWith("https://docs.github.com/");
            assertThat(json.get("status").asText()).isEqualTo(Integer.toString(error.status()));
          }
          case GITGUARDIAN -> assertThat(fields(json)).containsExactly("detail");
          case SIGSENTRY -> assertThat(json.at("/error/message").asText()).isNotBlank();
          case SCANNER -> assertThat(json.get("error").asText()).isNotBlank();
          case VIGIL -> assertThat(json.at("/error/code").asText()).isEqualTo(error.name());
        }
      }
    }
  }

  @Test
  void gitHubMessages() throws Exception {
    assertThat(
            parse(ErrorBodies.of(ApiFamily.GITHUB, GatewayError.NOT_FOUND)).get("message").asText())
        .isEqualTo("Not Found");
    JsonNode limited = parse(ErrorBodies.rateLimited(ApiFamily.GITHUB, rejected()));
    assertThat(limited.get("message").asText()).startsWith("API rate limit exceeded");
    assertThat(limited.get("documentation_url").asText()).contains("rate-limits");
    assertThat(ErrorBodies.rateLimited(ApiFamily.GITHUB, rejected()).status()).isEqualTo(429);
    for (GatewayError error :
        List.of(
            GatewayError.FORBIDDEN,
            GatewayError.PAYLOAD_TOO_LARGE,
            GatewayError.BAD_GATEWAY,
            GatewayError.GATEWAY_TIMEOUT)) {
      assertThat(ErrorBodies.defaultMessage(ApiFamily.GITHUB, error)).isNotBlank();
    }
  }

  @Test
  void gitGuardianThrottleAndMethodMessages() throws Exception {
    assertThat(
            parse(ErrorBodies.rateLimited(ApiFamily.GITGUARDIAN, rejected()))
                .get("detail")
                .asText())
        .isEqualTo("Request was throttled. Expected available in 17 seconds.");
    assertThat(
            parse(
                    ErrorBodies.methodNotAllowed(
                        ApiFamily.GITGUARDIAN, "PUT", Set.of(HttpMethod.GET)))
                .get("detail")
                .asText())
        .isEqualTo("Method \"PUT\" not allowed.");
    assertThat(
            parse(ErrorBodies.of(ApiFamily.GITGUARDIAN, GatewayError.FORBIDDEN))
                .get("detail")
                .asText())
        .isEqualTo("You do not have permission to perform this action.");
  }

  @Test
  void untrustedTextCannotBreakTheJson() throws Exception {
    String hostile = "\"},\"admin\":true,\"x\":{\"a\":\"\n\u0000</script>";
    for (ApiFamily family : ApiFamily.values()) {
      ErrorBody body =
          ErrorBodies.of(family, GatewayError.BAD_REQUEST, hostile, Map.of("k", hostile));
      JsonNode json = parse(body);
      assertThat(json.has("admin")).isFalse();
      assertThat(json.toString()).doesNotContain("\"admin\":true");
      ErrorBody method = ErrorBodies.methodNotAllowed(family, hostile, Set.of(HttpMethod.GET));
      assertThat(parse(method).has("admin")).isFalse();
    }
  }

  @Test
  void lookupResultsMapToTheirStatus() throws Exception {
    RoutingTable table = RoutingTable.standard();
    ErrorBody notFound = ErrorBodies.forLookup(table.match("GET", "/v1/nope"), "GET");
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(parse(notFound).get("detail").asText()).isEqualTo("Not found.");

    RouteLookup notAllowed = table.match("PUT", "/v1/config/repos");
    ErrorBody body = ErrorBodies.forLookup(notAllowed, "PUT");
    assertThat(body.status()).isEqualTo(405);
    assertThat(parse(body).at("/error/details/allowed").toString())
        .isEqualTo("[\"GET\",\"HEAD\",\"POST\"]");
    assertThat(ErrorBodies.allowHeader(((RouteLookup.MethodNotAllowed) notAllowed).allowed()))
        .isEqualTo("GET, HEAD, POST");

    ErrorBody rejected = ErrorBodies.forLookup(table.match("GET", "/repos/../x"), "GET");
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(parse(rejected).get("documentation_url")).isNotNull();

    RouteLookup found = table.match("GET", "/v1/health");
    assertThatThrownBy(() -> ErrorBodies.forLookup(found, "GET"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payloadTooLarge() throws Exception {
    assertThat(ErrorBodies.payloadTooLarge(ApiFamily.GITHUB, 10).status()).isEqualTo(413);
    assertThat(
            parse(ErrorBodies.payloadTooLarge(ApiFamily.SIGSENTRY, 1024))
                .at("/error/details/limitBytes")
                .asLong())
        .isEqualTo(1024);
  }

  @Test
  void missingScopeInEveryFamily() throws Exception {
    for (ApiFamily family : ApiFamily.values()) {
      ErrorBody body = ErrorBodies.missingScope(family, Scope.DETECTION_RULES_SYNC);
      assertThat(body.status()).isEqualTo(403);
      parse(body);
    }
    assertThat(
            parse(ErrorBodies.missingScope(ApiFamily.SCANNER, Scope.DETECTION_RULES_SYNC))
                .get("error")
                .asText())
        .contains("detection_rules:sync");
  }

  @Test
  void deniedDecisionsMapToErrors() {
    EnumSet<GatewayError> used = EnumSet.noneOf(GatewayError.class);
    for (AccessDecision.Denied.Reason reason : AccessDecision.Denied.Reason.values()) {
      used.add(new AccessDecision.Denied(reason, Optional.empty()).error());
    }
    assertThat(used).containsExactlyInAnyOrder(GatewayError.FORBIDDEN, GatewayError.BAD_REQUEST);
  }

  private static RateLimitDecision rejected() {
    return new RateLimitDecision(false, true, 5000, 0, 5000, 1_700_000_000L, "core", 17);
  }
}
