package dev.vigil.repoconfig.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.repoconfig.testing.RepoBodies;
import dev.vigil.testkit.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests as the gateway would forward them: a signed internal JWT and JSON bodies. */
public final class Api {

  public static final String AUDIENCE = "repo-config-service";
  public static final String REPOS = "/v1/config/repos";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  /** A tenant's project, with the plan the gateway would put in the token. */
  public record Project(UUID tenant, UUID project, String plan) {

    public static Project fresh() {
      return fresh("enterprise");
    }

    public static Project fresh(String plan) {
      return new Project(UUID.randomUUID(), UUID.randomUUID(), plan);
    }

    /** Another project of the same tenant. */
    public Project sibling() {
      return new Project(tenant, UUID.randomUUID(), plan);
    }

    public String token(String... scopes) {
      return TestTokens.forAudience(AUDIENCE)
          .tenant(tenant)
          .project(project)
          .plan(plan)
          .scopes(scopes)
          .sign();
    }

    public RequestSpecification as(String... scopes) {
      return given().auth().oauth2(token(scopes)).contentType(ContentType.JSON);
    }

    public RequestSpecification writer() {
      return as("config:write");
    }

    public RequestSpecification reader() {
      return as("config:read");
    }

    /** A service identity of this tenant (no project, no scopes). */
    public RequestSpecification service(String name) {
      return given()
          .auth()
          .oauth2(TestTokens.forAudience(AUDIENCE).tenant(tenant).service(name).sign());
    }

    /** POSTs a body and returns the new connection id, asserting 201. */
    public String connect(String body) {
      return writer().body(body).post(REPOS).then().statusCode(201).extract().path("data.id");
    }
  }

  /** A GitHub body with a token and the given repositories, each mapped to branch main. */
  public static String github(String token, String... repositories) {
    return json(RepoBodies.github(token, repositories));
  }

  /** {@link RepoBodies#body} as JSON. */
  public static String body(
      String platform, Map<String, ?> credentials, List<String> repositories, boolean mapEach) {
    return json(RepoBodies.body(platform, credentials, repositories, mapEach));
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A unique, recognisable secret value (never reused between tests). */
  public static String secret(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }
}
