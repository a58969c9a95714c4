package dev.vigil.kit.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one home of every family's error shape and stock messages, used by the services' exception
 * mappers and by the gateway's own rejections alike, so a change to a family's error body is made
 * once:
 *
 * <ul>
 *   <li>GitHub: {@code {"message","errors"?,"documentation_url","status"}} ({@code status} is the
 *       code as a string, as GitHub sends it today and its {@code basic-error} schema allows)
 *   <li>GitGuardian: {@code {"detail"}}, with the stock messages of Django REST framework, on which
 *       GitGuardian's API is built (its 401 is GitGuardian's own "Invalid API key.")
 *   <li>SigSentry: {@code {"success":false,"error":{"code","message","details"?}}}
 *   <li>Scanner: {@code {"error"}}
 *   <li>Vigil's own API: {@code {"error":{"code","message"}}}: Scanner's top-level key, so the two
 *       families under our control look alike, with a machine-readable code like SigSentry's
 * </ul>
 *
 * No message ever echoes a credential, a class name or a stack trace.
 */
public final class ErrorBodies {

  /** GitHub links every error to its REST docs; clients only check that the field is present. */
  public static final String GITHUB_DOCS = "https://docs.github.com/rest";

  public static final String GITHUB_RATE_LIMIT_DOCS =
      "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stock messages by status: GitHub's, GitGuardian's (DRF's), and one set for the others. */
  private static final Map<ApiFamily, Map<Integer, String>> STOCK = new EnumMap<>(ApiFamily.class);

  static {
    Map<Integer, String> github = new LinkedHashMap<>();
    github.put(400, "Bad request");
    github.put(401, "Bad credentials");
    github.put(403, "Resource not accessible by personal access token");
    github.put(404, "Not Found");
    github.put(405, "Method Not Allowed");
    github.put(406, "Not Acceptable");
    github.put(409, "Conflict");
    github.put(413, "Payload Too Large");
    github.put(415, "Unsupported Media Type");
    github.put(429, "API rate limit exceeded");
    github.put(500, "Server Error");
    github.put(502, "Server Error");
    github.put(503, "Service Unavailable");
    github.put(504, "Gateway Timeout");

    Map<Integer, String> gitGuardian = new LinkedHashMap<>();
    gitGuardian.put(400, "Invalid data.");
    gitGuardian.put(401, "Invalid API key.");
    gitGuardian.put(403, "You do not have permission to perform this action.");
    gitGuardian.put(404, "Not found.");
    gitGuardian.put(405, "Method not allowed.");
    gitGuardian.put(406, "Could not satisfy the request Accept header.");
    gitGuardian.put(409, "Conflict.");
    gitGuardian.put(413, "Payload too large.");
    gitGuardian.put(415, "Unsupported media type in request.");
    gitGuardian.put(429, "Request was throttled.");
    gitGuardian.put(500, "A server error occurred.");
    gitGuardian.put(502, "Bad gateway.");
    gitGuardian.put(503, "Service unavailable.");
    gitGuardian.put(504, "Gateway timeout.");

    Map<Integer, String> plain = new LinkedHashMap<>();
    plain.put(400, "Bad request");
    plain.put(401, "Missing or invalid API key");
    plain.put(403, "API key lacks the permission this endpoint requires");
    plain.put(404, "Not found");
    plain.put(405, "Method not allowed");
    plain.put(406, "Not acceptable");
    plain.put(409, "Conflict");
    plain.put(413, "Request body too large");
    plain.put(415, "Unsupported media type");
    plain.put(429, "Rate limit exceeded");
    plain.put(500, "Internal server error");
    plain.put(502, "Upstream service failed");
    plain.put(503, "Service unavailable");
    plain.put(504, "Upstream service timed out");

    STOCK.put(ApiFamily.GITHUB, Map.copyOf(github));
    STOCK.put(ApiFamily.GITGUARDIAN, Map.copyOf(gitGuardian));
    for (ApiFamily family : List.of(ApiFamily.SIGSENTRY, ApiFamily.SCANNER, ApiFamily.VIGIL)) {
      STOCK.put(family, Map.copyOf(plain));
    }
  }

  private ErrorBodies() {}

  /** The family's stock message for {@code status} ("Not Found", "Not found.", ...). */
  public static String stockMessage(ApiFamily family, int status) {
    String message = STOCK.get(family).get(status);
    if (message != null) {
      return message;
    }
    Response.StatusType type = Response.Status.fromStatusCode(status);
    return type == null ? "Error" : type.getReasonPhrase();
  }

  /**
   * The machine-readable code (SigSentry's {@code error.code}, Vigil's) for a status; SigSentry
   * calls every 400 {@code VALIDATION_ERROR}.
   */
  public static String codeFor(ApiFamily family, int status) {
    if (family == ApiFamily.SIGSENTRY && status == 400) {
      return "VALIDATION_ERROR";
    }
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHORIZED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 409 -> "CONFLICT";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 429 -> "RATE_LIMITED";
      case 502 -> "BAD_GATEWAY";
      case 503 -> "SERVICE_UNAVAILABLE";
      case 504 -> "GATEWAY_TIMEOUT";
      default -> status >= 500 ? "INTERNAL_ERROR" : "ERROR";
    };
  }

  /** The family's stock error for {@code status}. */
  public static ApiException stock(ApiFamily family, int status) {
    return new ApiException(status, codeFor(family, status), stockMessage(family, status));
  }

  /** A JAX-RS response: the body in the family's shape, its content type, the error's headers. */
  public static Response render(ApiFamily family, ApiException error) {
    Response.ResponseBuilder response =
        Response.status(error.status())
            .header("Content-Type", family.contentType())
            .entity(body(family, error));
    error.headers().forEach(response::header);
    return response.build();
  }

  /** The body as JSON text (for answers written outside JAX-RS, such as the gateway's filter). */
  public static String json(ApiFamily family, ApiException error) {
    try {
      return JSON.writeValueAsString(body(family, error));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an error body", e);
    }
  }

  /**
   * The body as a map. {@code details} appear only in SigSentry's shape ({@code error.details},
   * omitted when empty); field violations also become GitHub's {@code errors}.
   */
  public static Map<String, Object> body(ApiFamily family, ApiException error) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (family) {
      case GITHUB -> {
        body.put("message", error.getMessage());
        List<Map<String, Object>> violations = githubErrors(error.details());
        if (!violations.isEmpty()) {
          body.put("errors", violations);
        }
        body.put("documentation_url", error.status() == 429 ? GITHUB_RATE_LIMIT_DOCS : GITHUB_DOCS);
        body.put("status", Integer.toString(error.status()));
      }
      case GITGUARDIAN -> body.put("detail", error.getMessage());
      case SCANNER -> body.put("error", error.getMessage());
      case SIGSENTRY -> {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", error.code());
        inner.put("message", error.getMessage());
        if (!isEmpty(error.details())) {
          inner.put("details", error.details());
        }
        body.put("success", false);
        body.put("error", inner);
      }
      case VIGIL -> {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", error.code());
        inner.put("message", error.getMessage());
        body.put("error", inner);
      }
    }
    return body;
  }

  private static boolean isEmpty(Object details) {
    return details == null
        || (details instanceof Map<?, ?> map && map.isEmpty())
        || (details instanceof Collection<?> list && list.isEmpty());
  }

  private static List<Map<String, Object>> githubErrors(Object details) {
    if (!(details instanceof List<?> violations)) {
      return List.of();
    }
    return violations.stream()
        .filter(FieldViolation.class::isInstance)
        .map(FieldViolation.class::cast)
        .map(
            v -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("field", v.field());
              entry.put("code", v.code());
              entry.put("message", v.message());
              return entry;
            })
        .toList();
  }
}
