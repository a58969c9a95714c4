package dev.vigil.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Everything the gateway reads from configuration (prefix {@code vigil.gateway}). Each key can also
 * come from the environment, e.g. {@code VIGIL_GATEWAY_TOKEN_PEPPER}.
 */
@ConfigMapping(prefix = "vigil.gateway")
public interface GatewayConfig {

  /**
   * Base64 of at least 32 random bytes: the HMAC key under which API tokens are hashed. Changing it
   * invalidates every token. Required in production; see {@link #devBootstrap()} for development.
   */
  Optional<String> tokenPepper();

  /**
   * Base64 of exactly 32 random bytes: the AES-256 key-encryption key that protects the signing
   * keys' private halves in the database. Required in production.
   */
  Optional<String> signingKek();

  /**
   * The bootstrap operator's token (a {@code vgl_} token, e.g. from a Kubernetes Secret). It may
   * create and manage tenants and nothing else. Leave unset to use {@link #operatorTokenHash()} or
   * to disable the operator.
   */
  Optional<String> operatorToken();

  /** Alternatively, the operator token's hash under the pepper (64 hex characters). */
  Optional<String> operatorTokenHash();

  /**
   * Where backends fetch the gateway's public keys; a service-kit default every service shares. The
   * gateway itself serves them on its management interface at {@code /jwks}.
   */
  Optional<String> jwksUrl();

  /**
   * The public base URL clients reach the gateway at ({@code https://vigil.example.com}, no path):
   * every absolute URL in an answer ({@code url}, {@code html_url}, {@code Link}) starts with it,
   * never with the client's {@code Host} header. Unset: {@code http://localhost:<port>}, the
   * gateway's own address.
   */
  Optional<String> externalBaseUrl();

  DevBootstrap devBootstrap();

  DeclaredServiceClients serviceClients();

  Backends backends();

  Auth auth();

  Jwt jwt();

  SigningKeys signingKeys();

  Proxy proxy();

  RateLimits rateLimits();

  OpenApi openapi();

  /**
   * The service clients of a deployment, declared by the operator (a Kubernetes Secret, e.g. {@code
   * VIGIL_GATEWAY_SERVICE_CLIENTS_SYNC_SERVICE}): each set one is registered, or given this secret
   * again, on every start, with the service name as its client id. The same secret goes to that
   * backend as {@code vigil.service-identity.client-secret}. A client an operator disabled stays
   * disabled. Never logged.
   */
  interface DeclaredServiceClients {
    @WithName("sync-service")
    Optional<String> syncService();

    @WithName("scanning-service")
    Optional<String> scanningService();

    @WithName("secrets-service")
    Optional<String> secretsService();

    /** The declared secrets by service name. */
    default Map<String, String> byService() {
      Map<String, String> secrets = new TreeMap<>();
      syncService().ifPresent(secret -> secrets.put("sync-service", secret));
      scanningService().ifPresent(secret -> secrets.put("scanning-service", secret));
      secretsService().ifPresent(secret -> secrets.put("secrets-service", secret));
      return secrets;
    }
  }

  /** Development conveniences for {@code ./vigil up}; never set in production. */
  interface DevBootstrap {
    /**
     * When set, missing secrets (pepper, key-encryption key, operator token) are generated once and
     * kept in {@code gateway-secrets.properties} here, and on first start with no tenant the
     * gateway creates tenant {@code dev}, a project, an owner and an all-scopes token, writing the
     * token to {@code dev-token} and the project id to {@code dev-project} (mode 600).
     */
    Optional<Path> dir();

    /**
     * Service clients registered (or given this secret again) on every start, by service name:
     * {@code ./vigil up} generates a secret per backend that calls another one and hands the same
     * secret to that backend as {@code vigil.service-identity.client-secret}. The client id is the
     * service name. Ignored without {@link #dir()}; never logged.
     */
    Map<String, String> serviceClients();
  }

  /** Base URLs of the backends, e.g. {@code http://scanning-service:8082}. */
  interface Backends {
    @WithDefault("http://localhost:8081")
    String sync();

    @WithDefault("http://localhost:8082")
    String scanning();

    @WithDefault("http://localhost:8083")
    String secrets();

    @WithDefault("http://localhost:8084")
    String repoConfig();
  }

  interface Auth {
    /**
     * How long a token lookup is reused. It bounds how late a revocation or expiry takes effect on
     * every replica, so keep it at one second or less.
     */
    @WithDefault("PT1S")
    Duration cacheTtl();

    /** Bound of the lookup cache; beyond it, expired entries are dropped first. */
    @WithDefault("100000")
    int cacheMaxEntries();

    /** How often the gathered {@code last_used_at} times are written, in one statement. */
    @WithDefault("PT5S")
    Duration lastUsedFlushInterval();
  }

  interface Jwt {
    /**
     * How long one signed internal JWT is reused for the same token, backend and project. Must stay
     * well below the token's 60 s lifetime, so a reused token still has time to live.
     */
    @WithDefault("PT20S")
    Duration reuse();
  }

  interface SigningKeys {
    /** A key signs for this long before its successor takes over. */
    @WithDefault("P30D")
    Duration rotationPeriod();

    /**
     * A new key is published this long before it signs, so every backend has fetched it first
     * (backends refresh the JWKS every 5 minutes).
     */
    @WithDefault("PT10M")
    Duration publishAhead();

    /** An old key stays published this long after its successor took over. */
    @WithDefault("PT1H")
    Duration overlap();

    /** How often the key ring is reloaded and rotation checked. */
    @WithDefault("PT1M")
    Duration refreshInterval();
  }

  interface Proxy {
    /** Connecting to a backend longer than this is a 502. */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** Pooled HTTP/1.1 connections per backend. */
    @WithDefault("256")
    int maxConnectionsPerBackend();

    /** Per-route timeout overrides by operation id, e.g. {@code "list-incidents"=PT10S}. */
    Map<String, Duration> timeoutOverrides();
  }

  interface RateLimits {
    /** The plan whose limits apply to tenants on an unknown plan. */
    @WithDefault("free")
    String fallbackPlan();

    /**
     * Plans added to or overriding the built-in ones (free, team, enterprise, unlimited), e.g.
     * {@code vigil.gateway.rate-limits.plans.team.others-per-minute=2000}.
     */
    Map<String, Plan> plans();

    /**
     * How often each replica adds its requests to the shared counters in the database and reads
     * everyone's: across replicas a tenant can exceed its limit by at most what the others admit in
     * one interval.
     */
    @WithDefault("PT0.1S")
    Duration syncInterval();

    interface Plan {
      /** No limit at all. */
      @WithDefault("false")
      boolean unlimited();

      /** GitHub core budget per tenant per hour (all its tokens together). */
      OptionalLong githubPerHour();

      /** SARIF uploads per tenant per hour. */
      OptionalLong sarifUploadsPerHour();

      /** Requests per tenant per minute to each other API family. */
      OptionalLong othersPerMinute();
    }
  }

  /** The merged OpenAPI document of the public API, {@code GET /openapi}. */
  interface OpenApi {
    /** How long a complete merged document is served before the services are asked again. */
    @WithDefault("PT30S")
    Duration cacheTtl();

    /** The same for a document that misses a service, so that it reappears soon. */
    @WithDefault("PT5S")
    Duration partialCacheTtl();

    /** A service that has not answered with its document by then is left out. */
    @WithDefault("PT5S")
    Duration fetchTimeout();

    /** Where each backend serves its own document (Quarkus's non-application root). */
    @WithDefault("/q/openapi")
    String backendPath();
  }
}
