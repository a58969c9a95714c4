package dev.vigil.kit.web;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Absolute URLs a resource builds from {@code UriInfo} ({@code url}, {@code html_url}, {@code
 * Link}) start with the public base URL, never with the client's {@code Host}: the base a front
 * door put on the request ({@link #CONTEXT_KEY}, the gateway for its own resources), else {@code
 * vigil.http.external-base-url}. Without either, the request's own URI stands, which behind the
 * gateway is already the public one: the gateway sets {@code X-Forwarded-Host}/{@code -Proto} from
 * its configured base URL.
 */
public class ExternalBaseUrls {

  /** Routing-context key holding the public base URL ({@code scheme://host[:port]}) as a String. */
  public static final String CONTEXT_KEY = "vigil.external-base-url";

  private final Optional<String> configured;

  public ExternalBaseUrls(
      @ConfigProperty(name = "vigil.http.external-base-url") Optional<String> configured) {
    this.configured = configured.map(ExternalBaseUrls::validated);
  }

  @ServerRequestFilter(preMatching = true)
  public void rebase(ContainerRequestContext request, RoutingContext routing) {
    String base = routing == null ? null : routing.get(CONTEXT_KEY);
    if (base == null) {
      base = configured.orElse(null);
    }
    if (base == null) {
      return;
    }
    URI external = URI.create(base);
    URI requestUri = request.getUriInfo().getRequestUri();
    URI rebased =
        UriBuilder.fromUri(requestUri)
            .scheme(external.getScheme())
            .host(external.getHost())
            .port(external.getPort())
            .build();
    URI baseUri =
        UriBuilder.fromUri(request.getUriInfo().getBaseUri())
            .scheme(external.getScheme())
            .host(external.getHost())
            .port(external.getPort())
            .build();
    request.setRequestUri(baseUri, rebased);
  }

  /**
   * A base URL is {@code http(s)://host[:port]} with no path, query or fragment: the services are
   * reached at the root, so a path prefix could not be honoured.
   */
  public static String validated(String value) {
    String trimmed = value.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("external base URL is not a URL: " + value, e);
    }
    boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!http
        || uri.getHost() == null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "external base URL must be http(s)://host[:port] without a path: " + value);
    }
    return trimmed;
  }
}
