package dev.vigil.gateway.domain;

import dev.vigil.kit.errors.ApiFamily;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link RoutingTable#match}. Every outcome names the API family, so even a 404 is
 * rendered in the caller's API's own error shape.
 */
public sealed interface RouteLookup {

  ApiFamily family();

  /** The HTTP status the gateway answers with when this is not {@link Found}. */
  int status();

  record Found(RouteMatch match) implements RouteLookup {
    public Found {
      Objects.requireNonNull(match, "match");
    }

    @Override
    public ApiFamily family() {
      return match.route().family();
    }

    @Override
    public int status() {
      return 200;
    }
  }

  /** No route has this path. */
  record NotFound(ApiFamily family) implements RouteLookup {
    @Override
    public int status() {
      return 404;
    }
  }

  /**
   * The path exists but not for this method. {@code allowed} goes into the {@code Allow} header.
   */
  record MethodNotAllowed(ApiFamily family, Set<HttpMethod> allowed) implements RouteLookup {
    public MethodNotAllowed {
      allowed = Set.copyOf(allowed);
    }

    @Override
    public int status() {
      return 405;
    }
  }

  /**
   * The path is unsafe or ambiguous (traversal, bad percent-encoding, control characters, empty
   * segments): refused before any route is considered, so no backend ever sees it.
   */
  record Rejected(ApiFamily family, Reason reason) implements RouteLookup {

    public enum Reason {
      /** Empty, not starting with '/', or with an empty segment ({@code //}). */
      MALFORMED,
      /** A {@code .} or {@code ..} segment, also when percent-encoded or inside a decoded value. */
      TRAVERSAL,
      /** A '%' not followed by two hex digits, or bytes that are not UTF-8. */
      BAD_ENCODING,
      /** A character outside RFC 3986's path characters, or a decoded control character. */
      ILLEGAL_CHARACTER,
      /** Longer than {@link RoutingTable#MAX_PATH_LENGTH} or too many segments. */
      TOO_LONG
    }

    @Override
    public int status() {
      return 400;
    }
  }
}
