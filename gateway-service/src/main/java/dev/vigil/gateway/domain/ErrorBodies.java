package dev.vigil.gateway.domain;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.FieldViolation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway's own rejections, each in the error shape of the API the caller speaks. The shapes,
 * stock messages and content types are service-kit's ({@link dev.vigil.kit.errors.ErrorBodies}),
 * shared with every service; this class only adds what is the gateway's own to say: which scope is
 * missing, when a rate limit resets, which methods a path allows.
 */
public final class ErrorBodies {

  private ErrorBodies() {}

  /** The family's stock body for {@code error}. */
  public static ErrorBody of(ApiFamily family, GatewayError error) {
    return render(family, dev.vigil.kit.errors.ErrorBodies.stock(family, error.status()));
  }

  /**
   * A body with a specific message; {@code details} (a map or a list) only appear in SigSentry's
   * shape (as {@code error.details}) and are omitted when empty.
   */
  public static ErrorBody of(ApiFamily family, GatewayError error, String message, Object details) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(message, "message");
    int status = error.status();
    return render(
        family,
        new ApiException(
            status,
            dev.vigil.kit.errors.ErrorBodies.codeFor(family, status),
            message,
            details,
            Map.of()));
  }

  private static ErrorBody render(ApiFamily family, ApiException error) {
    return new ErrorBody(
        error.status(), dev.vigil.kit.errors.ErrorBodies.json(family, error), family.contentType());
  }

  /**
   * 400 for a missing or malformed {@code X-Project-Id}, naming the header in SigSentry's {@code
   * details} the way the services name a failing body field.
   */
  public static ErrorBody projectHeader(ApiFamily family, boolean missing) {
    String message =
        missing
            ? "X-Project-Id is required for an API key that is not pinned to a project"
            : "X-Project-Id must be a project id (a UUID)";
    FieldViolation violation =
        new FieldViolation("X-Project-Id", missing ? "missing_field" : "invalid", message);
    return of(family, GatewayError.BAD_REQUEST, message, List.of(violation));
  }

  /** 401: the token is missing, malformed, has a bad checksum, is unknown, expired or revoked. */
  public static ErrorBody unauthorized(ApiFamily family) {
    return of(family, GatewayError.UNAUTHORIZED);
  }

  /** 403 for a token without the route's scope; names the scope where the family's style does. */
  public static ErrorBody missingScope(ApiFamily family, Scope required) {
    return switch (family) {
      // GitHub reports scopes in X-Accepted-OAuth-Scopes; GitGuardian keeps DRF's stock text.
      case GITHUB, GITGUARDIAN -> of(family, GatewayError.FORBIDDEN);
      case SIGSENTRY ->
          of(
              family,
              GatewayError.FORBIDDEN,
              "API key lacks " + required.value() + " permission",
              Map.of("requiredScope", required.value()));
      case SCANNER, VIGIL ->
          of(
              family,
              GatewayError.FORBIDDEN,
              "API key lacks the " + required.value() + " scope",
              Map.of());
    };
  }

  /** 405; the HTTP layer adds {@code Allow}. */
  public static ErrorBody methodNotAllowed(ApiFamily family, String method, Set<HttpMethod> allow) {
    String shown = method == null ? "" : method.length() > 16 ? method.substring(0, 16) : method;
    return switch (family) {
      case GITGUARDIAN ->
          of(
              family,
              GatewayError.METHOD_NOT_ALLOWED,
              "Method \"" + shown + "\" not allowed.",
              Map.of());
      case SIGSENTRY ->
          of(
              family,
              GatewayError.METHOD_NOT_ALLOWED,
              defaultMessage(family, GatewayError.METHOD_NOT_ALLOWED),
              Map.of("allowed", allow.stream().map(Enum::name).sorted().toList()));
      default -> of(family, GatewayError.METHOD_NOT_ALLOWED);
    };
  }

  /** 413 for a body over the route's cap. */
  public static ErrorBody payloadTooLarge(ApiFamily family, long limitBytes) {
    if (family == ApiFamily.SIGSENTRY) {
      return of(
          family,
          GatewayError.PAYLOAD_TOO_LARGE,
          defaultMessage(family, GatewayError.PAYLOAD_TOO_LARGE),
          Map.of("limitBytes", limitBytes));
    }
    return of(family, GatewayError.PAYLOAD_TOO_LARGE);
  }

  /** 429; the HTTP layer adds {@link RateLimitDecision#headers()}. */
  public static ErrorBody rateLimited(ApiFamily family, RateLimitDecision decision) {
    long wait = decision.retryAfterSeconds();
    return switch (family) {
      case GITHUB ->
          of(
              family,
              GatewayError.RATE_LIMITED,
              "API rate limit exceeded for this token. Check the X-RateLimit-Reset header.",
              Map.of());
      case GITGUARDIAN ->
          of(
              family,
              GatewayError.RATE_LIMITED,
              "Request was throttled. Expected available in "
                  + wait
                  + " second"
                  + (wait == 1 ? "" : "s")
                  + ".",
              Map.of());
      case SIGSENTRY ->
          of(
              family,
              GatewayError.RATE_LIMITED,
              defaultMessage(family, GatewayError.RATE_LIMITED),
              Map.of(
                  "limit", decision.limit(),
                  "resetAt", decision.resetEpochSeconds(),
                  "retryAfterSeconds", wait));
      case SCANNER, VIGIL -> of(family, GatewayError.RATE_LIMITED);
    };
  }

  public static String defaultMessage(ApiFamily family, GatewayError error) {
    return dev.vigil.kit.errors.ErrorBodies.stockMessage(family, error.status());
  }

  /** The error status a route lookup that found nothing maps to, in the family's shape. */
  public static ErrorBody forLookup(RouteLookup lookup, String method) {
    return switch (lookup) {
      case RouteLookup.NotFound notFound -> of(notFound.family(), GatewayError.NOT_FOUND);
      case RouteLookup.MethodNotAllowed notAllowed ->
          methodNotAllowed(notAllowed.family(), method, notAllowed.allowed());
      case RouteLookup.Rejected rejected -> of(rejected.family(), GatewayError.BAD_REQUEST);
      case RouteLookup.Found found ->
          throw new IllegalArgumentException("a found route is not an error");
    };
  }

  /** Comma-separated methods for an {@code Allow} header. */
  public static String allowHeader(Set<HttpMethod> allowed) {
    return allowed.stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
  }
}
