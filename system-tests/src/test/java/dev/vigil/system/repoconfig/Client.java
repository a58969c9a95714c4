package dev.vigil.system.repoconfig;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.repoconfig.testing.RepoBodies;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A SigSentry client of the gateway: {@code Authorization: Bearer <token>} and, when set, {@code
 * X-Project-Id}. {@link #toString()} never shows the token.
 */
record Client(String gateway, String token, UUID project) {

  RequestSpecification request() {
    RequestSpecification spec = given().baseUri(gateway).contentType(ContentType.JSON);
    if (token != null) {
      spec = spec.auth().oauth2(token);
    }
    if (project != null) {
      spec = spec.header("X-Project-Id", project.toString());
    }
    return spec;
  }

  /** The same token without an {@code X-Project-Id} header. */
  Client withoutProjectHeader() {
    return new Client(gateway, token, null);
  }

  /** The same token naming {@code other} in {@code X-Project-Id}. */
  Client on(UUID other) {
    return new Client(gateway, token, other);
  }

  Response post(String body) {
    return request().body(body).post(Vigil.REPOS);
  }

  Response get(String id) {
    return request().get(Vigil.REPOS + "/" + id);
  }

  Response list() {
    return request().get(Vigil.REPOS);
  }

  Response put(String id, String body) {
    return request().body(body).put(Vigil.REPOS + "/" + id);
  }

  Response delete(String id) {
    return request().delete(Vigil.REPOS + "/" + id);
  }

  Response invalidateCache(String id) {
    return request().post(Vigil.REPOS + "/" + id + "/invalidate-cache");
  }

  /** POSTs {@code body}, asserts 201 and returns the new connection's id. */
  String connect(String body) {
    Response created = post(body);
    created.then().statusCode(201).body("success", equalTo(true));
    return created.jsonPath().getString("data.id");
  }

  /** The ids of every connection of the project, following the pagination. */
  List<String> allIds() {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      RequestSpecification spec = request().queryParam("limit", 100);
      if (cursor != null) {
        spec = spec.queryParam("cursor", cursor);
      }
      Response page = spec.get(Vigil.REPOS);
      page.then().statusCode(200);
      ids.addAll(page.jsonPath().getList("data.id", String.class));
      cursor = page.jsonPath().getString("pagination.nextCursor");
    } while (cursor != null);
    return ids;
  }

  @Override
  public String toString() {
    return "Client[project=" + project + "]";
  }

  // --- bodies ----------------------------------------------------------------------------------

  /** A GitHub body with a token and the given repositories, each mapped to branch main. */
  static String github(String token, String... repositories) {
    return Vigil.json(RepoBodies.github(token, repositories));
  }

  /** {@link RepoBodies#body} as JSON. */
  static String body(
      String platform, Map<String, ?> credentials, List<String> repositories, boolean mapEach) {
    return Vigil.json(RepoBodies.body(platform, credentials, repositories, mapEach));
  }

  /** A unique, recognisable secret (never reused between tests). */
  static String secret(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  // --- SigSentry's error shape -----------------------------------------------------------------

  /** {@code {"success":false,"error":{"code":code,"message":…}}} with {@code status}. */
  static void assertError(Response response, int status, String code) {
    response
        .then()
        .statusCode(status)
        .contentType(ContentType.JSON)
        .body("success", equalTo(false))
        .body("error.code", equalTo(code));
    assertThat(response.jsonPath().getString("error.message")).isNotBlank();
  }

  /** 400 VALIDATION_ERROR whose {@code details} name exactly {@code fields}. */
  static void assertValidationError(Response response, List<String> fields) {
    assertError(response, 400, "VALIDATION_ERROR");
    assertThat(response.jsonPath().getList("error.details.field", String.class))
        .containsExactlyInAnyOrderElementsOf(fields);
    assertThat(response.jsonPath().getList("error.details.message")).doesNotContainNull();
  }
}
