package dev.vigil.gateway.domain;

import dev.vigil.kit.errors.ApiFamily;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One public endpoint: what it is, where it goes and what it takes to call it.
 *
 * @param pathTemplate literal segments and {@code {name}} variables, e.g. {@code
 *     /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}}
 * @param operationId the vendor's operation id where it has one, else a descriptive id; for logs
 *     and metrics
 * @param bodyLimitBytes the largest request body accepted (see {@link BodyLimits})
 * @param timeout how long the gateway waits for the backend's response after sending the request
 * @param projectScoped the request must be bound to a project: a pinned token or {@code
 *     X-Project-Id} (SigSentry)
 * @param streaming the body is piped to the backend while counting bytes, never buffered whole
 * @param rateResource the rate-limit bucket the call counts against
 */
public record Route(
    HttpMethod method,
    String pathTemplate,
    Backend backend,
    ApiFamily family,
    String operationId,
    Access access,
    long bodyLimitBytes,
    Duration timeout,
    boolean projectScoped,
    boolean streaming,
    RateResource rateResource) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathTemplate, "pathTemplate");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(rateResource, "rateResource");
    if (bodyLimitBytes < 0) {
      throw new IllegalArgumentException("bodyLimitBytes must be >= 0");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** The scope the route needs, if it needs one (not for authenticated-only or operator routes). */
  public Optional<Scope> requiredScope() {
    return access instanceof Access.RequiresScope(Scope scope)
        ? Optional.of(scope)
        : Optional.empty();
  }

  public static Builder builder(HttpMethod method, String pathTemplate) {
    return new Builder(method, pathTemplate);
  }

  /** Fills in the defaults: 1 MiB body, 30 s, not project-scoped, buffered, family's bucket. */
  public static final class Builder {
    private final HttpMethod method;
    private final String pathTemplate;
    private Backend backend;
    private ApiFamily family;
    private String operationId;
    private Access access;
    private long bodyLimitBytes = BodyLimits.DEFAULT;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean projectScoped;
    private boolean streaming;
    private RateResource rateResource;

    private Builder(HttpMethod method, String pathTemplate) {
      this.method = method;
      this.pathTemplate = pathTemplate;
    }

    public Builder to(Backend backend, ApiFamily family) {
      this.backend = backend;
      this.family = family;
      return this;
    }

    public Builder operationId(String operationId) {
      this.operationId = operationId;
      return this;
    }

    public Builder access(Access access) {
      this.access = access;
      return this;
    }

    public Builder scope(Scope scope) {
      return access(Access.scope(scope));
    }

    public Builder bodyLimit(long bytes) {
      this.bodyLimitBytes = bytes;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder projectScoped() {
      this.projectScoped = true;
      return this;
    }

    public Builder streaming() {
      this.streaming = true;
      return this;
    }

    public Builder rateResource(RateResource rateResource) {
      this.rateResource = rateResource;
      return this;
    }

    public Route build() {
      Objects.requireNonNull(family, "family");
      return new Route(
          method,
          pathTemplate,
          backend,
          family,
          operationId,
          access,
          bodyLimitBytes,
          timeout,
          projectScoped,
          streaming,
          rateResource != null ? rateResource : RateResource.defaultFor(family));
    }
  }
}
