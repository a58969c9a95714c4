package dev.vigil.gateway.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway's own rejections, each in the error shape of the API the caller speaks, so that its
 * client library surfaces a familiar error instead of failing to parse one:
 *
 * <ul>
 *   <li>GitHub: {@code {"message","documentation_url","status"}} ({@code status} is the code as a
 *       string, as GitHub sends it today and its {@code basic-error} schema allows)
 *   <li>GitGuardian: {@code {"detail"}}, with the stock messages of Django REST framework, on which
 *       GitGuardian's API is built (its 401 is GitGuardian's own "Invalid API key.")
 *   <li>SigSentry: {@code {"success":false,"error":{"code","message","details"?}}}
 *   <li>Scanner: {@code {"error"}}
 *   <li>Vigil's own API: {@code {"error":{"code","message"}}}: Scanner's top-level key, so the two
 *       families under our control look alike, with a machine-readable code like SigSentry's
 * </ul>
 *
 * <p>Bodies are built with Jackson, so caller-controlled text (a method name) cannot break the
 * JSON. No message ever echoes a credential.
 */
public final class ErrorBodies {

  public static final String GITHUB_DOCS = "https://docs.github.com/rest";
  public static final String GITHUB_RATE_LIMIT_DOCS =
      "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<GatewayError, String> GITHUB = new EnumMap<>(GatewayError.class);
  private static final Map<GatewayError, String> GITGUARDIAN = new EnumMap<>(GatewayError.class);
  private static final Map<GatewayError, String> PLAIN = new EnumMap<>(GatewayError.class);
  private static final Map<GatewayError, String> SIGSENTRY_CODES =
      new EnumMap<>(GatewayError.class);

  static {
    GITHUB.put(GatewayError.BAD_REQUEST, "Bad request");
    GITHUB.put(GatewayError.UNAUTHORIZED, "Bad credentials");
    GITHUB.put(GatewayError.FORBIDDEN, "Resource not accessible by personal access token");
    GITHUB.put(GatewayError.NOT_FOUND, "Not Found");
    GITHUB.put(GatewayError.METHOD_NOT_ALLOWED, "Method Not Allowed");
    GITHUB.put(GatewayError.PAYLOAD_TOO_LARGE, "Payload Too Large");
    GITHUB.put(GatewayError.RATE_LIMITED, "API rate limit exceeded");
    GITHUB.put(GatewayError.BAD_GATEWAY, "Server Error");
    GITHUB.put(GatewayError.SERVICE_UNAVAILABLE, "Service Unavailable");
    GITHUB.put(GatewayError.GATEWAY_TIMEOUT, "Gateway Timeout");

    GITGUARDIAN.put(GatewayError.BAD_REQUEST, "Invalid data.");
    GITGUARDIAN.put(GatewayError.UNAUTHORIZED, "Invalid API key.");
    GITGUARDIAN.put(GatewayError.FORBIDDEN, "You do not have permission to perform this action.");
    GITGUARDIAN.put(GatewayError.NOT_FOUND, "Not found.");
    GITGUARDIAN.put(GatewayError.METHOD_NOT_ALLOWED, "Method not allowed.");
    GITGUARDIAN.put(GatewayError.PAYLOAD_TOO_LARGE, "Payload too large.");
    GITGUARDIAN.put(GatewayError.RATE_LIMITED, "Request was throttled.");
    GITGUARDIAN.put(GatewayError.BAD_GATEWAY, "Bad gateway.");
    GITGUARDIAN.put(GatewayError.SERVICE_UNAVAILABLE, "Service unavailable.");
    GITGUARDIAN.put(GatewayError.GATEWAY_TIMEOUT, "Gateway timeout.");

    PLAIN.put(GatewayError.BAD_REQUEST, "Bad request");
    PLAIN.put(GatewayError.UNAUTHORIZED, "Missing or invalid API key");
    PLAIN.put(GatewayError.FORBIDDEN, "API key lacks the permission this endpoint requires");
    PLAIN.put(GatewayError.NOT_FOUND, "Not found");
    PLAIN.put(GatewayError.METHOD_NOT_ALLOWED, "Method not allowed");
    PLAIN.put(GatewayError.PAYLOAD_TOO_LARGE, "Request body too large");
    PLAIN.put(GatewayError.RATE_LIMITED, "Rate limit exceeded");
    PLAIN.put(GatewayError.BAD_GATEWAY, "Upstream service failed");
    PLAIN.put(GatewayError.SERVICE_UNAVAILABLE, "Service unavailable");
    PLAIN.put(GatewayError.GATEWAY_TIMEOUT, "Upstream service timed out");

    SIGSENTRY_CODES.put(GatewayError.BAD_REQUEST, "VALIDATION_ERROR");
    SIGSENTRY_CODES.put(GatewayError.UNAUTHORIZED, "UNAUTHORIZED");
    SIGSENTRY_CODES.put(GatewayError.FORBIDDEN, "FORBIDDEN");
    SIGSENTRY_CODES.put(GatewayError.NOT_FOUND, "NOT_FOUND");
    SIGSENTRY_CODES.put(GatewayError.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
    SIGSENTRY_CODES.put(GatewayError.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE");
    SIGSENTRY_CODES.put(GatewayError.RATE_LIMITED, "RATE_LIMITED");
    SIGSENTRY_CODES.put(GatewayError.BAD_GATEWAY, "BAD_GATEWAY");
    SIGSENTRY_CODES.put(GatewayError.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE");
    SIGSENTRY_CODES.put(GatewayError.GATEWAY_TIMEOUT, "GATEWAY_TIMEOUT");
  }

  private ErrorBodies() {}

  /** The family's stock body for {@code error}. */
  public static ErrorBody of(ApiFamily family, GatewayError error) {
    return of(family, error, defaultMessage(family, error), Map.of());
  }

  /**
   * A body with a specific message; {@code details} (a map or a list) only appear in SigSentry's
   * shape (as {@code error.details}) and are omitted when empty.
   */
  public static ErrorBody of(ApiFamily family, GatewayError error, String message, Object details) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
    ObjectNode body = JSON.createObjectNode();
    switch (family) {
      case GITHUB -> {
        body.put("message", message);
        body.put(
            "documentation_url",
            error == GatewayError.RATE_LIMITED ? GITHUB_RATE_LIMIT_DOCS : GITHUB_DOCS);
        body.put("status", Integer.toString(error.status()));
      }
      case GITGUARDIAN -> body.put("detail", message);
      case SIGSENTRY -> {
        body.put("success", false);
        ObjectNode inner = body.putObject("error");
        inner.put("code", SIGSENTRY_CODES.get(error));
        inner.put("message", message);
        if (!isEmpty(details)) {
          inner.set("details", JSON.valueToTree(details));
        }
      }
      case SCANNER -> body.put("error", message);
      case VIGIL -> {
        ObjectNode inner = body.putObject("error");
        inner.put("code", error.name());
        inner.put("message", message);
      }
    }
    return new ErrorBody(error.status(), write(body));
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
    Map<String, String> violation = new LinkedHashMap<>();
    violation.put("field", "X-Project-Id");
    violation.put("code", missing ? "missing_field" : "invalid");
    violation.put("message", message);
    return of(family, GatewayError.BAD_REQUEST, message, List.of(violation));
  }

  private static boolean isEmpty(Object details) {
    return details == null
        || (details instanceof Map<?, ?> map && map.isEmpty())
        || (details instanceof Collection<?> list && list.isEmpty());
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
    return switch (family) {
      case GITHUB -> GITHUB.get(error);
      case GITGUARDIAN -> GITGUARDIAN.get(error);
      case SIGSENTRY, SCANNER, VIGIL -> PLAIN.get(error);
    };
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

  private static String write(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an error body", e);
    }
  }
}
