package dev.vigil.platform;

import dev.vigil.platform.PlatformException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * GET requests with the rules every platform call shares: redirects followed by hand so that
 * credentials only go to the origin they were meant for, status codes mapped to {@link Kind}s, and
 * messages free of credentials and query strings.
 */
final class HttpTransport {

  private final Platform platform;
  private final HttpClient http;
  private final PlatformClientConfig config;

  HttpTransport(Platform platform, HttpClient http, PlatformClientConfig config) {
    this.platform = platform;
    this.http = http;
    this.config = config;
  }

  /** A new JDK client for {@code config}; redirects are handled by {@link #get}. */
  static HttpClient newHttpClient(PlatformClientConfig config) {
    return HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        // One request at a time per call; HTTP/1.1 avoids h2c upgrade surprises with proxies.
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.getDefault())
        .build();
  }

  /** A 2xx response; the caller owns (and must close) {@code body}. */
  record Ok(int status, HttpHeaders headers, InputStream body, URI uri) {

    /** The declared body length, if any. */
    Optional<Long> contentLength() {
      return headers.firstValueAsLong("content-length").stream().boxed().findFirst();
    }
  }

  PlatformClientConfig config() {
    return config;
  }

  Platform platform() {
    return platform;
  }

  /**
   * GETs {@code uri}, following up to {@code maxRedirects} redirects. {@code auth} headers are sent
   * only while the request stays on the origin of {@code uri}; GitHub's archive redirect, for
   * example, goes to a signed URL on another host that must not see the token.
   */
  Ok get(URI uri, Map<String, String> headers, Map<String, String> auth) {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current)
              .GET()
              .timeout(config.readTimeout())
              .header("User-Agent", config.userAgent());
      headers.forEach(request::header);
      if (sameOrigin(uri, current)) {
        auth.forEach(request::header);
      }
      HttpResponse<InputStream> response = send(request.build(), current);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new Ok(status, response.headers(), response.body(), current);
      }
      closeQuietly(response.body());
      if (!isRedirect(status)) {
        throw errorFor(status, response.headers(), current);
      }
      if (hop >= config.maxRedirects()) {
        throw invalid(status, current, "too many redirects");
      }
      current = redirectTarget(status, response.headers(), current);
    }
  }

  /** Message prefix naming the request without query string or user info. */
  String describe(URI uri) {
    StringBuilder s = new StringBuilder("GET ").append(uri.getScheme()).append("://");
    s.append(uri.getHost());
    if (uri.getPort() >= 0) {
      s.append(':').append(uri.getPort());
    }
    return s.append(uri.getRawPath() == null ? "" : uri.getRawPath()).toString();
  }

  private HttpResponse<InputStream> send(HttpRequest request, URI uri) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw unavailable(uri, "timed out", e);
    } catch (IOException e) {
      throw unavailable(uri, "connection failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(uri, "interrupted", e);
    }
  }

  URI redirectTarget(int status, HttpHeaders headers, URI current) {
    String location =
        headers
            .firstValue("location")
            .orElseThrow(() -> invalid(status, current, "redirect without Location"));
    URI next;
    try {
      next = current.resolve(location);
    } catch (IllegalArgumentException e) {
      throw invalid(status, current, "redirect to an invalid URL");
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw invalid(status, current, "redirect to a non-HTTP URL");
    }
    if (current.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
      throw invalid(status, current, "redirect from https to http");
    }
    return next;
  }

  private PlatformException errorFor(int status, HttpHeaders headers, URI uri) {
    Duration retryAfter = retryAfter(headers);
    Kind kind =
        switch (status) {
          case 401 -> Kind.UNAUTHORIZED;
          // GitHub signals an exhausted (primary or secondary) rate limit with 403.
          case 403 -> isRateLimited(headers) ? Kind.RATE_LIMITED : Kind.UNAUTHORIZED;
          case 404, 410 -> Kind.NOT_FOUND;
          case 429 -> Kind.RATE_LIMITED;
          default -> status >= 500 ? Kind.UNAVAILABLE : Kind.INVALID_RESPONSE;
        };
    String message = platform.displayName() + " " + describe(uri) + " answered " + status;
    return new PlatformException(
        kind, platform, status, kind == Kind.RATE_LIMITED ? retryAfter : null, message, null);
  }

  private static boolean isRateLimited(HttpHeaders headers) {
    return headers.firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false)
        || headers.firstValue("retry-after").isPresent();
  }

  /**
   * Retry-After (seconds or HTTP date), else a rate-limit reset header (epoch seconds as GitHub and
   * GitLab send it, or seconds from now as in the IETF draft).
   */
  static Duration retryAfter(HttpHeaders headers) {
    Optional<String> retryAfter = headers.firstValue("retry-after");
    if (retryAfter.isPresent()) {
      String value = retryAfter.get().strip();
      try {
        return nonNegative(Duration.ofSeconds(Long.parseLong(value)));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return nonNegative(Duration.between(Instant.now(), at));
        } catch (DateTimeParseException ignored) {
          return null;
        }
      }
    }
    Optional<String> reset =
        headers.firstValue("x-ratelimit-reset").or(() -> headers.firstValue("ratelimit-reset"));
    if (reset.isPresent()) {
      try {
        long value = Long.parseLong(reset.get().strip());
        // Anything this large is an epoch second, not a delay.
        return value > 1_000_000_000L
            ? nonNegative(Duration.between(Instant.now(), Instant.ofEpochSecond(value)))
            : nonNegative(Duration.ofSeconds(value));
      } catch (NumberFormatException ignored) {
        return null;
      }
    }
    return null;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  PlatformException invalid(int status, URI uri, String why) {
    return new PlatformException(
        Kind.INVALID_RESPONSE,
        platform,
        status,
        null,
        platform.displayName() + " " + describe(uri) + ": " + why,
        null);
  }

  private PlatformException unavailable(URI uri, String why, Exception cause) {
    return new PlatformException(
        Kind.UNAVAILABLE,
        platform,
        0,
        null,
        platform.displayName() + " " + describe(uri) + ": " + why,
        cause);
  }

  static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // Nothing left to do with a body we are discarding.
    }
  }
}
