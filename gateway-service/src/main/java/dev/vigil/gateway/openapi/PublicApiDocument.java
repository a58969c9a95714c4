package dev.vigil.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.Backend;
import dev.vigil.gateway.domain.RoutingTable;
import dev.vigil.gateway.proxy.Backends;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The merged OpenAPI document of the public API ({@code GET /openapi}): each backend's own document
 * fetched from its {@code /q/openapi}, the gateway's own taken in-process, merged by {@link
 * OpenApiMerger} against the routing table. Kept for {@code vigil.gateway.openapi.cache-ttl} (a
 * partial one, with a service missing, for {@code partial-cache-ttl}); one rebuild at a time, and
 * callers meanwhile get the previous document if there is one.
 */
@ApplicationScoped
public class PublicApiDocument {

  private static final Logger LOG = Logger.getLogger(PublicApiDocument.class);

  /** A backend's document larger than this is refused (ours are a few hundred KiB at most). */
  static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private static final List<Backend> FETCHED =
      List.of(Backend.SYNC, Backend.SCANNING, Backend.SECRETS, Backend.REPO_CONFIG);

  /** One merged document, rendered once per format. */
  public static final class Rendered {
    private final ObjectNode document;
    private final byte[] json;
    private final long expiresAtNanos;
    private final boolean partial;
    private volatile byte[] yaml;

    Rendered(ObjectNode document, byte[] json, long expiresAtNanos, boolean partial) {
      this.document = document;
      this.json = json;
      this.expiresAtNanos = expiresAtNanos;
      this.partial = partial;
    }

    public byte[] json() {
      return json;
    }

    public byte[] yaml() {
      byte[] rendered = yaml;
      if (rendered == null) {
        try {
          rendered = YAML.writeValueAsBytes(document);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        yaml = rendered;
      }
      return rendered;
    }

    /** Some service's document could not be fetched. */
    public boolean partial() {
      return partial;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build();

  private final Vertx vertx;
  private final Backends backends;
  private final Instance<OpenApiDocumentService> ownDocument;
  private final OpenApiMerger merger = new OpenApiMerger(RoutingTable.standard().routes());
  private final OpenApiMerger.Info info;
  private final GatewayConfig.OpenApi config;
  private final HttpClient client;

  private Rendered current;
  private Future<Rendered> building;

  public PublicApiDocument(
      Vertx vertx,
      Backends backends,
      GatewayConfig config,
      Instance<OpenApiDocumentService> ownDocument,
      @ConfigProperty(name = "quarkus.smallrye-openapi.info-version", defaultValue = "0.1.0")
          String version) {
    this.vertx = vertx;
    this.backends = backends;
    this.ownDocument = ownDocument;
    this.config = config.openapi();
    this.info =
        new OpenApiMerger.Info(
            "Vigil API",
            version,
            "Every public endpoint of Vigil, as served by its gateway. Authenticate with a Vigil API"
                + " token in any of the three `Authorization` schemes (`Bearer`, GitHub's `token`,"
                + " GitGuardian's `Token`); `x-vigil-scope` names the scope an operation needs."
                + " Errors take the shape of each operation's API family (see the tags).");
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) this.config.fetchTimeout().toMillis())
                .setKeepAlive(false)
                .setName("vigil-gateway-openapi"));
  }

  void onStop(@Observes ShutdownEvent event) {
    client.close();
  }

  /**
   * The merged document: the cached one while fresh, else a new one. Completes on the caller's
   * Vert.x context; never fails for a backend that is down (that backend is left out).
   */
  public synchronized Future<Rendered> get() {
    Rendered cached = current;
    if (cached != null && System.nanoTime() - cached.expiresAtNanos < 0) {
      return Future.succeededFuture(cached);
    }
    if (building == null) {
      Future<Rendered> build = build();
      building = build;
      build.onComplete(
          done -> {
            synchronized (this) {
              building = null;
              if (done.succeeded()) {
                current = done.result();
              }
            }
          });
    }
    return building;
  }

  /** Forgets the cached document: the next {@link #get()} fetches every service again. */
  public synchronized void invalidate() {
    current = null;
  }

  private Future<Rendered> build() {
    List<Future<OpenApiMerger.Source>> fetches = new ArrayList<>();
    for (Backend backend : FETCHED) {
      fetches.add(fetch(backend));
    }
    return Future.join(fetches)
        .transform(
            ignored -> {
              List<OpenApiMerger.Source> sources = new ArrayList<>();
              Set<Backend> missing = EnumSet.noneOf(Backend.class);
              for (int i = 0; i < FETCHED.size(); i++) {
                Future<OpenApiMerger.Source> fetch = fetches.get(i);
                if (fetch.succeeded()) {
                  sources.add(fetch.result());
                } else {
                  missing.add(FETCHED.get(i));
                  LOG.warnf(
                      "OpenAPI document of %s unavailable, left out of /openapi: %s",
                      FETCHED.get(i).serviceName(), fetch.cause().toString());
                }
              }
              return vertx.executeBlocking(() -> merge(sources, missing), false);
            });
  }

  private Rendered merge(List<OpenApiMerger.Source> fetched, Set<Backend> missing)
      throws IOException {
    List<OpenApiMerger.Source> sources = new ArrayList<>(fetched);
    try {
      byte[] own =
          ownDocument.get().getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON);
      sources.add(new OpenApiMerger.Source(Backend.GATEWAY, MAPPER.readTree(own)));
    } catch (RuntimeException | IOException e) {
      missing.add(Backend.GATEWAY);
      LOG.warnf("the gateway's own OpenAPI document is unavailable: %s", e.toString());
    }
    ObjectNode document = merger.merge(sources, missing, info);
    long ttl = (missing.isEmpty() ? config.cacheTtl() : config.partialCacheTtl()).toNanos();
    return new Rendered(
        document,
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document),
        System.nanoTime() + ttl,
        !missing.isEmpty());
  }

  private Future<OpenApiMerger.Source> fetch(Backend backend) {
    Backends.Address address = backends.address(backend);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(address.host())
            .setPort(address.port())
            .setSsl(address.ssl())
            .setURI(address.basePath() + config.backendPath() + "?format=json")
            .setFollowRedirects(false)
            .setIdleTimeout(config.fetchTimeout().toMillis())
            .putHeader("Accept", "application/json");
    Promise<OpenApiMerger.Source> result = Promise.promise();
    long timer =
        vertx.setTimer(
            config.fetchTimeout().toMillis(),
            id -> result.tryFail("no document within " + config.fetchTimeout()));
    client
        .request(options)
        .compose(HttpClientRequest::send)
        .compose(
            response -> {
              if (response.statusCode() != 200) {
                return Future.failedFuture("HTTP " + response.statusCode());
              }
              String length = response.getHeader("Content-Length");
              if (length != null && parseLength(length) > MAX_DOCUMENT_BYTES) {
                return Future.failedFuture("document larger than " + MAX_DOCUMENT_BYTES);
              }
              return response.body();
            })
        .map(body -> new OpenApiMerger.Source(backend, parse(body)))
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              if (done.succeeded()) {
                result.tryComplete(done.result());
              } else {
                result.tryFail(done.cause());
              }
            });
    return result.future();
  }

  private static long parseLength(String length) {
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static JsonNode parse(Buffer body) {
    if (body.length() > MAX_DOCUMENT_BYTES) {
      throw new IllegalStateException("document larger than " + MAX_DOCUMENT_BYTES);
    }
    try {
      JsonNode document = MAPPER.readTree(body.getBytes());
      if (document == null || !document.isObject() || !document.path("paths").isObject()) {
        throw new IllegalStateException("not an OpenAPI document");
      }
      return document;
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON", e);
    }
  }
}
