package dev.vigil.system.repoconfig;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.system.VigilSystem;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The running suite as an operator and its tenants see it, through the gateway only: the bootstrap
 * operator creates tenants on a plan ({@code POST /vigil/v1/tenants}), a tenant's owner creates
 * projects ({@code POST /vigil/v1/projects}) and limited API tokens ({@code POST /v1/api_tokens}).
 * Token values never reach a log or an assertion message.
 */
final class Vigil {

  static final String REPOS = "/v1/config/repos";
  private static final Duration BOOTSTRAP_WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Vigil instance;

  private final String gateway;
  private final String operatorToken;

  private Vigil(String gateway, String operatorToken) {
    this.gateway = gateway;
    this.operatorToken = operatorToken;
  }

  /** The suite, started on first use (shared with every other system test of this JVM). */
  static synchronized Vigil get() {
    if (instance == null) {
      VigilSystem system = VigilSystem.get();
      // The suite configures the gateway's bootstrap operator token (as a Kubernetes Secret would).
      awaitFile(system.stateDir().resolve("dev-token"));
      String operator = system.operatorToken();
      instance = new Vigil(system.gatewayUrl(), operator.strip());
    }
    return instance;
  }

  String gateway() {
    return gateway;
  }

  /** A new tenant on {@code plan}, with its owner's all-scopes token. */
  Tenant tenant(String plan) {
    String slug = "rc-" + UUID.randomUUID().toString().substring(0, 12);
    Response created =
        given()
            .baseUri(gateway)
            .auth()
            .oauth2(operatorToken)
            .contentType(ContentType.JSON)
            .body(
                json(Map.of("slug", slug, "plan", plan, "owner_email", "owner@" + slug + ".test")))
            .post("/vigil/v1/tenants");
    if (created.statusCode() != 201) {
      throw new AssertionError("tenant not created: " + created.statusCode());
    }
    return new Tenant(
        this,
        UUID.fromString(created.jsonPath().getString("tenant.id")),
        slug,
        created.jsonPath().getString("token.token"));
  }

  /** A tenant of the suite, acting through its owner's token; {@link #toString()} hides it. */
  record Tenant(Vigil vigil, UUID id, String slug, String ownerToken) {

    /** A new project of this tenant. */
    UUID project() {
      Response created =
          given()
              .baseUri(vigil.gateway)
              .auth()
              .oauth2(ownerToken)
              .contentType(ContentType.JSON)
              .body(json(Map.of("name", "p-" + UUID.randomUUID().toString().substring(0, 8))))
              .post("/vigil/v1/projects");
      if (created.statusCode() != 201) {
        throw new AssertionError("project not created: " + created.statusCode());
      }
      return UUID.fromString(created.jsonPath().getString("id"));
    }

    /** A new API token with exactly {@code scopes}, pinned to {@code pinned} unless null. */
    Token token(UUID pinned, String... scopes) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", "system-test " + String.join(" ", scopes));
      body.put("scopes", List.of(scopes));
      if (pinned != null) {
        body.put("project_id", pinned.toString());
      }
      Response created =
          given()
              .baseUri(vigil.gateway)
              .header("Authorization", "Token " + ownerToken)
              .contentType(ContentType.JSON)
              .body(json(body))
              .post("/v1/api_tokens");
      if (created.statusCode() != 201) {
        throw new AssertionError("token not created: " + created.statusCode());
      }
      return new Token(
          created.jsonPath().getString("id"), created.jsonPath().getString("token"), this);
    }

    /** The owner's all-scopes, tenant-wide token acting on {@code project}. */
    Client owner(UUID project) {
      return new Client(vigil.gateway, ownerToken, project);
    }

    /** A project-pinned token with config:write (and so config:read) on a new project. */
    Client writerOnNewProject() {
      UUID project = project();
      return new Client(vigil.gateway, token(project, "config:write").value(), project);
    }

    @Override
    public String toString() {
      return "Tenant[" + slug + "]";
    }
  }

  /** An API token; {@link #toString()} never shows its value. */
  record Token(String id, String value, Tenant tenant) {

    /** This token sending {@code X-Project-Id: project} (none when null). */
    Client on(UUID project) {
      return new Client(tenant.vigil.gateway, value, project);
    }

    /** Revokes the token ({@code DELETE /v1/api_tokens/{id}} with the owner's token). */
    void revoke() {
      given()
          .baseUri(tenant.vigil.gateway)
          .header("Authorization", "Token " + tenant.ownerToken)
          .delete("/v1/api_tokens/" + id)
          .then()
          .statusCode(204);
    }

    @Override
    public String toString() {
      return "Token[" + id + "]";
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitFile(Path file) {
    long deadline = System.nanoTime() + BOOTSTRAP_WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
          return;
        }
        Thread.sleep(250);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException(file + " was never written by the gateway's dev bootstrap");
  }
}
