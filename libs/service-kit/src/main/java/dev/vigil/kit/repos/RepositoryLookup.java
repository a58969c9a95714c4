package dev.vigil.kit.repos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.identity.ServiceTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * Read-your-writes for the services that keep a repository read model from {@code vigil.repos.v1}:
 * on a miss they ask repo-config ({@code GET /internal/v1/repositories}, with this service's own
 * identity) whether the tenant has the repository connected, so a repository connected a moment ago
 * is known before its event is consumed. Answers are cached per tenant and name: "connected" for
 * {@code positive-ttl}, "not connected" only for {@code negative-ttl}. A failed lookup (repo-config
 * or the gateway unreachable) answers "not connected" and is not cached. Consumers call {@link
 * #forget} when they apply an event of the repository.
 */
@ApplicationScoped
public class RepositoryLookup {

  /** The audience of repo-config's internal endpoints. */
  public static final String REPO_CONFIG = "repo-config-service";

  private static final String PATH = "/internal/v1/repositories?full_name=";
  private static final Logger LOG = Logger.getLogger(RepositoryLookup.class);
  private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

  private record Key(UUID tenant, String nameLower) {}

  private record Answer(List<RepoEvent> repositories, long expiresAtNanos) {}

  private final RepositoryLookupConfig config;
  private final ServiceTokens tokens;
  private final HttpClient http;
  private final ConcurrentMap<Key, Answer> answers = new ConcurrentHashMap<>();

  public RepositoryLookup(RepositoryLookupConfig config, ServiceTokens tokens) {
    this.config = config;
    this.tokens = tokens;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
  }

  /** Whether misses are looked up at all (repo-config's URL and a service identity are set). */
  public boolean enabled() {
    return config.repoConfigUrl().isPresent() && tokens.configured();
  }

  /**
   * The tenant's connected repositories named {@code fullName} (without regard to case), as their
   * last {@code repo.connected}/{@code repo.updated} event would carry them; empty when none (or
   * when the lookup is off or failed).
   */
  public Uni<List<RepoEvent>> connected(UUID tenant, String fullName) {
    if (!enabled()) {
      return Uni.createFrom().item(List.of());
    }
    Key key = new Key(tenant, fullName.toLowerCase(Locale.ROOT));
    Answer cached = answers.get(key);
    if (cached != null && System.nanoTime() < cached.expiresAtNanos()) {
      return Uni.createFrom().item(cached.repositories());
    }
    // The HTTP client completes on its own threads; callers continue on their Vert.x context
    // (Hibernate Reactive requires it).
    Context caller = Vertx.currentContext();
    Uni<List<RepoEvent>> answer =
        tokens
            .token(REPO_CONFIG, tenant)
            .chain(token -> ask(token, fullName))
            .map(found -> remember(key, found))
            .onFailure()
            .recoverWithItem(
                e -> {
                  LOG.warnf("repository lookup at repo-config failed: %s", e.getMessage());
                  return List.of();
                });
    return caller == null
        ? answer
        : answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
  }

  /** Drops the cached answer for a repository, e.g. when an event about it was applied. */
  public void forget(UUID tenant, String fullName) {
    answers.remove(new Key(tenant, fullName.toLowerCase(Locale.ROOT)));
  }

  private Uni<List<RepoEvent>> ask(String token, String fullName) {
    String base = config.repoConfigUrl().orElseThrow();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + PATH
                        + URLEncoder.encode(fullName, StandardCharsets.UTF_8)))
            .timeout(config.timeout())
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    return Uni.createFrom()
        .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
        .map(RepositoryLookup::read);
  }

  private static List<RepoEvent> read(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("repo-config answered " + response.statusCode());
    }
    try {
      JsonNode repositories = JSON.readTree(response.body()).path("data").path("repositories");
      List<RepoEvent> found = new ArrayList<>();
      for (JsonNode repository : repositories) {
        found.add(JSON.treeToValue(repository, RepoEvent.class));
      }
      return List.copyOf(found);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("repo-config's answer is unreadable");
    }
  }

  private List<RepoEvent> remember(Key key, List<RepoEvent> found) {
    if (answers.size() >= config.maxEntries()) {
      answers.clear();
    }
    long ttl = (found.isEmpty() ? config.negativeTtl() : config.positiveTtl()).toNanos();
    answers.put(key, new Answer(found, System.nanoTime() + ttl));
    return found;
  }
}
