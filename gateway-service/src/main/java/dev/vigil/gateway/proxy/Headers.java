package dev.vigil.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.Set;
import java.util.TreeSet;

/** Which headers a proxy must not pass on (RFC 9110 section 7.6.1) and which it replaces. */
final class Headers {

  /** Hop-by-hop: they describe one connection, not the message. */
  private static final Set<String> HOP_BY_HOP =
      caseInsensitive(
          "Connection",
          "Keep-Alive",
          "TE",
          "Trailer",
          "Transfer-Encoding",
          "Upgrade",
          "Proxy-Connection",
          "Proxy-Authenticate",
          "Proxy-Authorization");

  /**
   * Request headers the gateway sets itself: the caller's credential is replaced by the internal
   * JWT, forwarding information and ids are the gateway's own, and Host/Content-Length/Expect
   * belong to the backend connection.
   */
  private static final Set<String> REPLACED_ON_REQUEST =
      caseInsensitive(
          "Authorization",
          "Host",
          "Content-Length",
          "Expect",
          "Forwarded",
          "X-Forwarded-For",
          "X-Forwarded-Host",
          "X-Forwarded-Proto",
          "X-Forwarded-Port",
          "X-Forwarded-Prefix",
          "X-Forwarded-Server",
          "X-Real-IP",
          "X-Request-Id",
          "X-GitHub-Request-Id",
          "X-Project-Id");

  /** Response headers the gateway sets itself. */
  private static final Set<String> REPLACED_ON_RESPONSE =
      caseInsensitive("Content-Length", "X-Request-Id", "X-GitHub-Request-Id");

  private Headers() {}

  static void copyRequestHeaders(MultiMap from, MultiMap to) {
    Set<String> named = connectionTokens(from);
    from.forEach(
        entry -> {
          String name = entry.getKey();
          if (!HOP_BY_HOP.contains(name)
              && !REPLACED_ON_REQUEST.contains(name)
              && !isProxyHeader(name)
              && !named.contains(name)) {
            to.add(name, entry.getValue());
          }
        });
  }

  static void copyResponseHeaders(MultiMap from, MultiMap to) {
    Set<String> named = connectionTokens(from);
    from.forEach(
        entry -> {
          String name = entry.getKey();
          if (!HOP_BY_HOP.contains(name)
              && !REPLACED_ON_RESPONSE.contains(name)
              && !isProxyHeader(name)
              && !named.contains(name)) {
            to.add(name, entry.getValue());
          }
        });
  }

  /** Proxy-* headers are for the proxy they were sent to, never for the next hop. */
  private static boolean isProxyHeader(String name) {
    return name.length() > 6 && name.regionMatches(true, 0, "Proxy-", 0, 6);
  }

  /** Headers listed in Connection are hop-by-hop too. */
  private static Set<String> connectionTokens(MultiMap headers) {
    String connection = headers.get("Connection");
    if (connection == null) {
      return Set.of();
    }
    Set<String> tokens = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String value : headers.getAll("Connection")) {
      for (String token : value.split(",")) {
        String trimmed = token.strip();
        if (!trimmed.isEmpty()) {
          tokens.add(trimmed);
        }
      }
    }
    return tokens;
  }

  private static Set<String> caseInsensitive(String... names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(Set.of(names));
    return set;
  }
}
