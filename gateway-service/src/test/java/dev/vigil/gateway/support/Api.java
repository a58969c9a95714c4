package dev.vigil.gateway.support;

import static io.restassured.RestAssured.given;

import dev.vigil.gateway.domain.ApiTokenFormat;
import dev.vigil.gateway.persistence.ApiTokenEntity;
import dev.vigil.gateway.persistence.ApiTokenRepository;
import dev.vigil.gateway.security.GatewaySecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test fixtures made through the gateway's real API (and, for impossible states, its database). */
public final class Api {

  private Api() {}

  /** A tenant made by the operator, with its owner's all-scopes token. */
  public record Tenant(
      UUID id,
      String slug,
      long workspaceId,
      long ownerId,
      String ownerToken,
      String ownerTokenId) {}

  /** A token value and its id. */
  public record Token(String value, String id) {}

  public static String operatorToken() {
    return ConfigProvider.getConfig().getValue("vigil.gateway.operator-token", String.class);
  }

  public static String config(String key) {
    return ConfigProvider.getConfig().getValue(key, String.class);
  }

  /** Requests authenticated GitGuardian-style ({@code Token <t>}). */
  public static RequestSpecification as(String token) {
    return given().header("Authorization", "Token " + token);
  }

  public static Tenant newTenant(String plan) {
    String slug = "t-" + UUID.randomUUID().toString().substring(0, 12);
    JsonPath body =
        given()
            .header("Authorization", "Bearer " + operatorToken())
            .contentType(ContentType.JSON)
            .body(Map.of("slug", slug, "plan", plan, "owner_email", "owner@" + slug + ".test"))
            .post("/vigil/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    return new Tenant(
        UUID.fromString(body.getString("tenant.id")),
        slug,
        body.getLong("tenant.workspace_id"),
        body.getLong("owner.id"),
        body.getString("token.token"),
        body.getString("token.id"));
  }

  public static Tenant newTenant() {
    return newTenant("unlimited");
  }

  public static Token newToken(String creator, String name, List<String> scopes) {
    return newToken(creator, Map.of("name", name, "scopes", scopes));
  }

  public static Token newToken(String creator, Map<String, Object> request) {
    JsonPath body =
        as(creator)
            .contentType(ContentType.JSON)
            .body(request)
            .post("/v1/api_tokens")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    return new Token(body.getString("token"), body.getString("id"));
  }

  public static Token pinnedToken(String creator, String projectId, List<String> scopes) {
    Map<String, Object> request = new HashMap<>();
    request.put("name", "pinned");
    request.put("scopes", scopes);
    request.put("project_id", projectId);
    return newToken(creator, request);
  }

  public static String newProject(String token, String name) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .post("/vigil/v1/projects")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /**
   * Stores a token directly, for states the API cannot produce on demand (already expired).
   *
   * @return the token's value
   */
  public static Token storeToken(
      ApiTokenRepository tokens,
      GatewaySecrets secrets,
      Tenant tenant,
      List<String> scopes,
      Instant createdAt,
      Instant expireAt,
      Instant revokedAt) {
    var issued = new ApiTokenFormat(secrets.hasher()).generate();
    ApiTokenEntity entity = new ApiTokenEntity();
    entity.id = UUID.randomUUID();
    entity.tenantId = tenant.id();
    entity.memberId = tenant.ownerId();
    entity.creatorId = tenant.ownerId();
    entity.name = "stored";
    entity.type = "personal_access_token";
    entity.tokenHash = issued.hash();
    entity.scopes = scopes.toArray(String[]::new);
    entity.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    entity.expireAt = expireAt == null ? null : expireAt.truncatedTo(ChronoUnit.MICROS);
    entity.revokedAt = revokedAt == null ? null : revokedAt.truncatedTo(ChronoUnit.MICROS);
    try {
      VertxContextSupport.subscribeAndAwait(
          () -> Panache.withTransaction(() -> tokens.persist(entity)));
    } catch (Throwable e) {
      throw new IllegalStateException("could not store a test token", e);
    }
    return new Token(issued.plaintext(), entity.id.toString());
  }
}
