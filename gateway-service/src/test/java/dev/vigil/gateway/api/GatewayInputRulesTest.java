package dev.vigil.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.gateway.support.RawHttp;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to the gateway's own resources: every refusal a 4xx in the route's family shape
 * (GitGuardian {@code {"detail"}} on {@code /v1/api_tokens}, Vigil {@code {"error":{code,message}}}
 * on {@code /vigil/v1}), nothing stored.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class GatewayInputRulesTest {

  /** The four admin endpoints that read a JSON body, each with its family's message field. */
  private static final List<String[]> BODY_ENDPOINTS =
      List.of(
          new String[] {"/v1/api_tokens", "detail"},
          new String[] {"/vigil/v1/members", "error.message"},
          new String[] {"/vigil/v1/projects", "error.message"},
          new String[] {"/vigil/v1/tenants", "error.message"});

  private Api.Tenant tenant;

  @BeforeEach
  void tenant() {
    tenant = Api.newTenant();
  }

  private RequestSpecification as(String path) {
    String token = path.startsWith("/vigil/v1/tenants") ? Api.operatorToken() : tenant.ownerToken();
    return given().header("Authorization", "Token " + token).contentType(ContentType.JSON);
  }

  private static String message(Response response, String field) {
    assertThat(response.contentType()).startsWith("application/json");
    String message = response.jsonPath().getString(field);
    assertThat(message).as(response.asString()).isNotBlank();
    return message;
  }

  @Test
  void nulInATextFieldOrParameterIsABadRequest() {
    Response name =
        as("/v1/api_tokens")
            .body("{\"name\":\"n\\u0000ul\",\"scopes\":[\"scan\"]}")
            .post("/v1/api_tokens");
    assertThat(name.statusCode()).isEqualTo(400);
    assertThat(message(name, "detail")).isEqualTo("name: must not contain NUL characters.");

    Response search =
        as("/v1/api_tokens").urlEncodingEnabled(false).get("/v1/api_tokens?search=%00");
    assertThat(search.statusCode()).isEqualTo(400);
    assertThat(message(search, "detail")).isEqualTo("search: must not contain control characters.");

    Response project =
        as("/vigil/v1/projects").body("{\"name\":\"p\\u0000\"}").post("/vigil/v1/projects");
    assertThat(project.statusCode()).isEqualTo(400);
    assertThat(project.jsonPath().getString("error.code")).isEqualTo("VALIDATION_ERROR");
    assertThat(message(project, "error.message"))
        .isEqualTo("name: must not contain NUL characters.");

    String id = Api.newProject(tenant.ownerToken(), "kept");
    Response rename =
        as("/vigil/v1/projects").body("{\"name\":\"p\\u0000\"}").patch("/vigil/v1/projects/" + id);
    assertThat(rename.statusCode()).isEqualTo(400);
    as("/vigil/v1/projects")
        .get("/vigil/v1/projects/" + id)
        .then()
        .statusCode(200)
        .body("name", org.hamcrest.Matchers.equalTo("kept"));
  }

  @Test
  void farOrIllFormedDatesAreABadRequest() {
    for (String date :
        List.of("+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1900-01-01T00:00:00Z")) {
      Response far =
          as("/v1/api_tokens")
              .body(Map.of("name", "far", "scopes", List.of("scan"), "expire_at", date))
              .post("/v1/api_tokens");
      assertThat(far.statusCode()).isEqualTo(400);
      assertThat(message(far, "detail")).isEqualTo("expire_at: must be between 1970 and 9999.");
    }
    Response garbled =
        as("/v1/api_tokens")
            .body(Map.of("name", "x", "scopes", List.of("scan"), "expire_at", "2026-13-45"))
            .post("/v1/api_tokens");
    assertThat(garbled.statusCode()).isEqualTo(400);
    assertThat(message(garbled, "detail")).isEqualTo("expire_at: not an ISO-8601 date-time.");
  }

  @Test
  void arrayBodiesAndWronglyTypedFieldsGetTheFamilysBody() {
    for (String[] endpoint : BODY_ENDPOINTS) {
      Response array = as(endpoint[0]).body("[1,2]").post(endpoint[0]);
      assertThat(array.statusCode()).as(endpoint[0]).isEqualTo(400);
      assertThat(message(array, endpoint[1])).isEqualTo("body: must be an object.");
    }
    Response scopes =
        as("/v1/api_tokens").body("{\"name\":\"x\",\"scopes\":\"scan\"}").post("/v1/api_tokens");
    assertThat(scopes.statusCode()).isEqualTo(400);
    assertThat(message(scopes, "detail")).isEqualTo("scopes: must be an array.");

    Response number = as("/vigil/v1/projects").body("{\"name\":123}").post("/vigil/v1/projects");
    assertThat(number.statusCode()).isEqualTo(400);
    assertThat(message(number, "error.message")).isEqualTo("name: must be a string.");
    assertThat(
            as("/vigil/v1/projects")
                .get("/vigil/v1/projects")
                .jsonPath()
                .getList("name", String.class))
        .doesNotContain("123");

    Response members =
        as("/vigil/v1/members").body("{\"email\":[\"a@b.c\"]}").post("/vigil/v1/members");
    assertThat(members.statusCode()).isEqualTo(400);
    assertThat(message(members, "error.message")).isEqualTo("email: must be a string.");
  }

  @Test
  void oversizeChunkedBodiesGetTheFamilys413AndNoErrorInTheLog() throws IOException {
    List<LogRecord> errors = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                || record.getThrown() != null) {
              errors.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      for (String[] endpoint : BODY_ENDPOINTS) {
        String token = endpoint[0].contains("tenants") ? Api.operatorToken() : tenant.ownerToken();
        RawHttp.Response response =
            RawHttp.chunked(
                RestAssured.port,
                "POST "
                    + endpoint[0]
                    + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Token "
                    + token,
                "{\"name\":\"".getBytes(StandardCharsets.US_ASCII),
                (byte) 'x',
                3L * 1024 * 1024,
                64 * 1024);
        assertThat(response.status()).as(endpoint[0]).isEqualTo(413);
        if (endpoint[1].equals("detail")) {
          assertThat(response.header("content-type")).isEqualTo("application/json");
          assertThat(JsonPath.from(response.body()).getString("detail"))
              .isEqualTo("Payload too large.");
        } else {
          assertThat(response.header("content-type")).isEqualTo("application/json; charset=utf-8");
          assertThat(JsonPath.from(response.body()).getString("error.code"))
              .as(response.body())
              .isEqualTo("PAYLOAD_TOO_LARGE");
          assertThat(JsonPath.from(response.body()).getString("error.message")).isNotBlank();
        }
      }
      // Handlers run on other threads: give a late ERROR line the time to appear.
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      root.removeHandler(capture);
    }
    assertThat(errors)
        .extracting(record -> record.getLoggerName() + ": " + record.getMessage())
        .isEmpty();
  }

  @Test
  void aChunkedBodyWithinTheLimitIsServed() throws IOException {
    String name = "chunked-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] json = ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.US_ASCII);
    RawHttp.Response response =
        RawHttp.chunked(
            RestAssured.port,
            "POST /vigil/v1/projects HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nAuthorization: Token "
                + tenant.ownerToken(),
            json,
            (byte) ' ',
            json.length,
            json.length);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(JsonPath.from(response.body()).getString("name")).isEqualTo(name);
  }

  /**
   * The JDK's client (and curl --http2) upgrade to HTTP/2 over cleartext: a body sent that way to
   * the gateway's own resources is served (the bounded reader of HTTP/1.1 bodies must not touch
   * it).
   */
  @Test
  void http2BodiesToTheGatewaysOwnResourcesAreServedAndBounded() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    String name = "h2-" + UUID.randomUUID().toString().substring(0, 8);
    URI projects = URI.create("http://localhost:" + RestAssured.port + "/vigil/v1/projects");
    // The first exchange of a connection is the upgrade; the second goes over HTTP/2 itself.
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> created =
          client.send(
              HttpRequest.newBuilder(projects)
                  .header("Authorization", "Token " + tenant.ownerToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "-" + i + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(JsonPath.from(created.body()).getString("name")).isEqualTo(name + "-" + i);
    }
  }

  @Test
  void twoAuthorizationHeadersAreRefused() throws IOException {
    RawHttp.Response response =
        RawHttp.exchange(
            RestAssured.port,
            "GET /v1/api_tokens/self HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Token "
                + tenant.ownerToken()
                + "\r\nAuthorization: Token "
                + tenant.ownerToken(),
            null);
    assertThat(response.status()).isEqualTo(401);
    assertThat(JsonPath.from(response.body()).getString("detail")).isEqualTo("Invalid API key.");
  }

  @Test
  void aTenantsPlanMustBeAKnownPlan() {
    String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
    Response platinum =
        as("/vigil/v1/tenants")
            .body(Map.of("slug", slug, "plan", "platinum", "owner_email", "o@p.test"))
            .post("/vigil/v1/tenants");
    assertThat(platinum.statusCode()).isEqualTo(400);
    assertThat(message(platinum, "error.message")).startsWith("plan: one of ").contains("team");
    as("/vigil/v1/tenants").get("/vigil/v1/tenants/" + slug).then().statusCode(404);
    as("/vigil/v1/tenants")
        .body(Map.of("plan", "platinum"))
        .patch("/vigil/v1/tenants/" + tenant.slug())
        .then()
        .statusCode(400);
  }
}
