package dev.vigil.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.domain.Backend;
import dev.vigil.gateway.security.InternalJwtIssuer;
import dev.vigil.kit.errors.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Asks repo-config how many repository connections a project has ({@code GET
 * /internal/v1/projects/{id}/connections}, with the gateway's own service identity), so that a
 * project is never deleted from under its connections.
 */
@ApplicationScoped
public class ProjectConnections {

  private static final Logger LOG = Logger.getLogger(ProjectConnections.class);
  private static final String SERVICE = Backend.GATEWAY.serviceName();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_ANSWER_BYTES = 16 * 1024;

  private final Backends.Address repoConfig;
  private final InternalJwtIssuer jwts;
  private final ObjectMapper json;
  private final HttpClient client;

  public ProjectConnections(
      Vertx vertx, Backends backends, InternalJwtIssuer jwts, ObjectMapper json) {
    this.repoConfig = backends.address(Backend.REPO_CONFIG);
    this.jwts = jwts;
    this.json = json;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setName("vigil-gateway-repo-config"));
  }

  void onStop(@Observes ShutdownEvent event) {
    client.close();
  }

  /**
   * How many connections the tenant's project has; fails with a 503 when repo-config cannot say
   * (deleting blindly could orphan connections).
   */
  public Uni<Long> count(UUID tenantId, UUID projectId) {
    String jwt = jwts.forService(SERVICE, Backend.REPO_CONFIG.serviceName(), tenantId, List.of());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(repoConfig.host())
            .setPort(repoConfig.port())
            .setSsl(repoConfig.ssl())
            .setURI(repoConfig.basePath() + "/internal/v1/projects/" + projectId + "/connections")
            .setFollowRedirects(false)
            .setTimeout(TIMEOUT.toMillis())
            .putHeader("Authorization", "Bearer " + jwt)
            .putHeader("Accept", "application/json");
    Future<Long> answer =
        client
            .request(options)
            .compose(HttpClientRequest::send)
            .compose(
                response ->
                    response
                        .body()
                        .compose(
                            body -> {
                              if (response.statusCode() != 200
                                  || body.length() > MAX_ANSWER_BYTES) {
                                return Future.failedFuture(
                                    "repo-config answered HTTP " + response.statusCode());
                              }
                              return Future.succeededFuture(connections(body.getBytes()));
                            }));
    return Uni.createFrom()
        .completionStage(answer.toCompletionStage())
        .onFailure()
        .transform(
            e -> {
              LOG.warnf(
                  "could not count the connections of a project before deleting it: %s",
                  e.getMessage());
              return new ApiException(
                  503,
                  "SERVICE_UNAVAILABLE",
                  "Cannot check the project's repository connections now; try again later");
            });
  }

  private long connections(byte[] body) {
    try {
      JsonNode count = json.readTree(body).path("data").path("connections");
      if (!count.canConvertToLong()) {
        throw new IllegalStateException("repo-config's answer has no connection count");
      }
      return count.longValue();
    } catch (IOException e) {
      throw new IllegalStateException("repo-config's answer is not JSON");
    }
  }
}
