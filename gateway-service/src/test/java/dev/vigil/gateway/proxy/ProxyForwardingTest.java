package dev.vigil.gateway.proxy;

import static dev.vigil.gateway.proxy.AuthMatrixTest.assertFamilyShape;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.EchoBackends;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.gateway.support.RawHttp;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the proxy does to a request on its way to the backend and back: the internal JWT, headers
 * removed and added, body limits, and what the caller sees when the backend is down or slow.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class ProxyForwardingTest {

  private static Api.Tenant tenant;
  private static Api.Token reader;

  @BeforeEach
  void setUp() {
    if (tenant == null) {
      tenant = Api.newTenant("enterprise");
      reader =
          Api.newToken(
              tenant.ownerToken(),
              "reader",
              List.of(
                  "incidents:write",
                  "security_events:read",
                  "write:org",
                  "detection_rules:sync",
                  "scan"));
    }
  }

  @Test
  void forwardedJwtVerifiesAgainstTheJwksAndCarriesTheCaller() throws Exception {
    JsonPath echo =
        Api.as(reader.value())
            .get("/v1/incidents/secrets?status=TRIGGERED&per_page=5")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> authorization = echo.getList("headers.authorization", String.class);
    assertThat(authorization).hasSize(1);
    String jwt = authorization.get(0).substring("Bearer ".length());

    // Verified here too, independently of the echo backend, against the JWKS over HTTP.
    HttpsJwks jwks = new HttpsJwks(Api.config("test.jwks-url"));
    JwtClaims claims =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
            .setExpectedIssuer(InternalJwt.ISSUER)
            .setExpectedAudience(GatewayTestResource.SECRETS)
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .build()
            .processToClaims(jwt);
    assertThat(claims.getStringClaimValue(InternalJwt.TENANT_ID)).isEqualTo(tenant.id().toString());
    // Backends serving /enterprises/{enterprise}/… compare the path with it.
    assertThat(claims.getStringClaimValue(InternalJwt.TENANT_SLUG)).isEqualTo(tenant.slug());
    assertThat(claims.getClaimValue(InternalJwt.MEMBER_ID, Long.class)).isEqualTo(tenant.ownerId());
    assertThat(claims.getSubject()).isEqualTo(Long.toString(tenant.ownerId()));
    assertThat(claims.getStringClaimValue(InternalJwt.TOKEN_ID)).isEqualTo(reader.id());
    assertThat(claims.getStringClaimValue(InternalJwt.PLAN)).isEqualTo("enterprise");
    assertThat(claims.hasClaim(InternalJwt.PROJECT_ID)).isFalse();
    assertThat(claims.getStringListClaimValue(InternalJwt.SCOPES))
        .containsExactlyInAnyOrder(
            "incidents:write",
            "incidents:read",
            "security_events:read",
            "write:org",
            "detection_rules:sync",
            // implied by detection_rules:sync
            "detection_rules:read",
            "scan");
    long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
    assertThat(lifetime).isPositive().isLessThanOrEqualTo(60);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(jwt);
    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("RS256");
    assertThat(jws.getKeyIdHeaderValue()).isNotBlank();

    // The path and query arrive untouched; the echo backend verified the token too.
    assertThat(echo.getString("path")).isEqualTo("/v1/incidents/secrets");
    assertThat(echo.getString("query")).isEqualTo("status=TRIGGERED&per_page=5");
    assertThat(echo.getString("claims.aud")).isEqualTo(GatewayTestResource.SECRETS);
  }

  @Test
  void audienceIsTheBackendServing() {
    JsonPath sync =
        Api.as(reader.value())
            .contentType("application/json")
            .body("{}")
            .post("/v1/sync_github_repositories")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(sync.getString("service")).isEqualTo(GatewayTestResource.SYNC);
    assertThat(sync.getString("claims.aud")).isEqualTo(GatewayTestResource.SYNC);

    JsonPath scanning =
        given()
            .header("Authorization", "token " + reader.value())
            .get("/repos/acme/api/code-scanning/alerts")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(scanning.getString("claims.aud")).isEqualTo(GatewayTestResource.SCANNING);
  }

  @Test
  void credentialsAndHopByHopHeadersStayAtTheGateway() throws Exception {
    RawHttp.Response response =
        RawHttp.exchange(
            RestAssured.port,
            String.join(
                "\r\n",
                "GET /orgs/acme/secret-scanning/pattern-configurations HTTP/1.1",
                "Host: gateway.test:443",
                "Authorization: token " + reader.value(),
                "Connection: keep-alive, X-Per-Hop",
                "X-Per-Hop: drop me",
                "Keep-Alive: timeout=30",
                "TE: trailers",
                "Proxy-Authorization: Basic c2VjcmV0OnNlY3JldA==",
                "Proxy-Custom: drop me",
                "X-Forwarded-For: 6.6.6.6",
                "X-Forwarded-Host: evil.test",
                "Forwarded: for=6.6.6.6",
                "X-Project-Id: 00000000-0000-0000-0000-000000000000",
                "X-Request-Id: client-chosen-id-1",
                "X-Custom: kept"),
            null);
    assertThat(response.status()).isEqualTo(200);
    JsonPath echo = new JsonPath(response.body());
    Map<String, List<String>> headers = echo.getMap("headers");
    assertThat(headers)
        .doesNotContainKeys(
            "x-per-hop",
            "keep-alive",
            "te",
            "proxy-authorization",
            "proxy-custom",
            "forwarded",
            "x-project-id");
    assertThat(headers.get("authorization")).hasSize(1);
    assertThat(headers.get("authorization").get(0))
        .startsWith("Bearer ey")
        .doesNotContain(reader.value());
    assertThat(response.body()).doesNotContain(reader.value());
    assertThat(headers.get("x-forwarded-for")).containsExactly("127.0.0.1");
    // The gateway's own address (no external base URL configured), never the client's Host.
    assertThat(headers.get("x-forwarded-host")).containsExactly("localhost:" + RestAssured.port);
    assertThat(headers.get("x-forwarded-proto")).containsExactly("http");
    assertThat(headers.get("x-request-id")).containsExactly("client-chosen-id-1");
    assertThat(headers.get("x-github-request-id")).containsExactly("client-chosen-id-1");
    assertThat(headers.get("x-custom")).containsExactly("kept");

    // On the way back: the backend's own headers pass, its hop-by-hop ones do not.
    assertThat(response.header("x-backend")).isEqualTo(GatewayTestResource.SECRETS);
    assertThat(response.header("keep-alive")).isNull();
    assertThat(response.header("proxy-test")).isNull();
    assertThat(response.header("trailer")).isNull();
    assertThat(response.header("x-request-id")).isEqualTo("client-chosen-id-1");
    assertThat(response.header("x-github-request-id")).isEqualTo("client-chosen-id-1");
    assertThat(response.header("x-ratelimit-resource")).isEqualTo("core");
  }

  @Test
  void declaredOversizedBodyIs413BeforeAnythingIsForwarded() throws Exception {
    RawHttp.Response response =
        RawHttp.exchange(
            RestAssured.port,
            String.join(
                "\r\n",
                "POST /v1/sync_github_repositories HTTP/1.1",
                "Host: localhost",
                "Authorization: Bearer " + reader.value(),
                "Content-Type: application/json",
                "Content-Length: " + (2 * 1024 * 1024),
                "Expect: 100-continue"),
            null);
    assertThat(response.status()).isEqualTo(413);
    assertThat(new JsonPath(response.body()).getString("error"))
        .isEqualTo("Request body too large");

    RawHttp.Response sigsentry =
        RawHttp.exchange(
            RestAssured.port,
            String.join(
                "\r\n",
                "POST /v1/config/repos HTTP/1.1",
                "Host: localhost",
                "Authorization: Bearer " + tenant.ownerToken(),
                "X-Project-Id: " + Api.newProject(tenant.ownerToken(), "big-bodies"),
                "Content-Type: application/json",
                "Content-Length: " + (1024 * 1024 + 1),
                "Expect: 100-continue"),
            null);
    assertThat(sigsentry.status()).isEqualTo(413);
    JsonPath body = new JsonPath(sigsentry.body());
    assertThat(body.getString("error.code")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(body.getLong("error.details.limitBytes")).isEqualTo(1024 * 1024);
  }

  @Test
  void streamedOversizedBodyIs413WhenTheCountPassesTheLimit() throws Exception {
    RawHttp.Response response =
        RawHttp.chunked(
            RestAssured.port,
            String.join(
                "\r\n",
                "POST /v1/sync_github_repositories HTTP/1.1",
                "Host: localhost",
                "Authorization: Bearer " + reader.value(),
                "Content-Type: application/json"),
            (long) (1.5 * 1024 * 1024),
            64 * 1024);
    assertThat(response.status()).isEqualTo(413);
    assertThat(new JsonPath(response.body()).getString("error"))
        .isEqualTo("Request body too large");

    // A streamed body within the limit arrives whole.
    RawHttp.Response fine =
        RawHttp.chunked(
            RestAssured.port,
            String.join(
                "\r\n",
                "POST /v1/sync_github_repositories HTTP/1.1",
                "Host: localhost",
                "Authorization: Bearer " + reader.value(),
                "Content-Type: application/json"),
            512 * 1024,
            64 * 1024);
    assertThat(fine.status()).isEqualTo(200);
    assertThat(new JsonPath(fine.body()).getLong("body_bytes")).isEqualTo(512 * 1024);
    assertThat(new JsonPath(fine.body()).getList("headers.transfer-encoding"))
        .containsExactly("chunked");
  }

  @Test
  void backendThatDropsTheConnectionIs502() {
    Response response =
        Api.as(reader.value()).header(EchoBackends.BEHAVIOR, "close").get("/v1/incidents/secrets");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.jsonPath().getString("detail")).isEqualTo("Bad gateway.");
  }

  @Test
  void backendThatIsDownIs502InTheFamilyShape() throws Exception {
    int port = URI.create(Api.config("vigil.gateway.backends.scanning")).getPort();
    HttpClient client = HttpClient.newHttpClient();
    client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__test/offline?ms=3000"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    Thread.sleep(400);
    Response response =
        given()
            .header("Authorization", "token " + reader.value())
            .get("/repos/acme/api/code-scanning/alerts");
    assertThat(response.statusCode()).isEqualTo(502);
    assertFamilyShape("GITHUB", response, 502, "backend down");
    assertThat(response.jsonPath().getString("message")).isEqualTo("Server Error");

    // It comes back, and so does the route.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline && status != 200) {
      Thread.sleep(250);
      status =
          given()
              .header("Authorization", "token " + reader.value())
              .get("/repos/acme/api/code-scanning/alerts")
              .statusCode();
    }
    assertThat(status).isEqualTo(200);
  }

  @Test
  void backendSlowerThanTheRouteTimeoutIs504() {
    long started = System.nanoTime();
    Response response =
        Api.as(reader.value()).header(EchoBackends.BEHAVIOR, "hang").get("/v1/occurrences/secrets");
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.jsonPath().getString("detail")).isEqualTo("Gateway timeout.");
    // The route's timeout is cut to 1 s for this test.
    assertThat(elapsedMs).isBetween(900L, 5_000L);
  }

  @Test
  void responseBodyIdleLongerThanTheRouteTimeoutIsCut() {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/v1/occurrences/secrets"))
            .header("Authorization", "token " + reader.value())
            .header(EchoBackends.BEHAVIOR, "stall")
            .build();
    long started = System.nanoTime();
    // The status and first chunk went out; the gateway closes the connection once the body has been
    // idle for the route's 1 s, so the client sees a truncated body, not a hang.
    assertThatThrownBy(
            () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMs).isBetween(900L, 5_000L);
  }

  @Test
  void responseStreamingLongerThanTheRouteTimeoutCompletes() {
    // 1.4 s in all, never idle for the route's 1 s: the timeout bounds silence, not the whole body.
    Response response =
        Api.as(reader.value())
            .header(EchoBackends.BEHAVIOR, "trickle")
            .get("/v1/occurrences/secrets");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.asString()).isEqualTo("[1,2,3]");
  }

  @Test
  void headRequestsAreForwardedWithoutBody() {
    Response response =
        given()
            .header("Authorization", "token " + reader.value())
            .head("/repos/acme/api/code-scanning/alerts");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.asString()).isEmpty();
  }
}
