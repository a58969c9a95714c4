package dev.vigil.kit.errors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * GitHub's REST API versions on every GitHub-family resource: a request may name one in {@code
 * X-GitHub-Api-Version}; a version GitHub does not serve is GitHub's 400, not silently ignored.
 */
public class GitHubApiVersions {

  public static final String HEADER = "X-GitHub-Api-Version";

  private final List<String> supported;

  public GitHubApiVersions(
      @ConfigProperty(name = "vigil.github.api-versions", defaultValue = "2022-11-28")
          List<String> supported) {
    this.supported = List.copyOf(supported);
  }

  @ServerRequestFilter
  public Optional<Response> check(ContainerRequestContext request, ResourceInfo resource) {
    String version = request.getHeaderString(HEADER);
    if (version == null || family(resource) != ApiFamily.GITHUB) {
      return Optional.empty();
    }
    if (supported.contains(version.strip())) {
      return Optional.empty();
    }
    // The value is the client's: never echoed back.
    return Optional.of(
        ErrorBodies.render(
            ApiFamily.GITHUB,
            ApiException.badRequest(
                "Unsupported 'X-GitHub-Api-Version' header value. Supported versions: "
                    + String.join(", ", supported))));
  }

  private static ApiFamily family(ResourceInfo resource) {
    if (resource == null) {
      return null;
    }
    Method method = resource.getResourceMethod();
    if (method != null && method.isAnnotationPresent(ErrorFamily.class)) {
      return method.getAnnotation(ErrorFamily.class).value();
    }
    Class<?> type = resource.getResourceClass();
    return type != null && type.isAnnotationPresent(ErrorFamily.class)
        ? type.getAnnotation(ErrorFamily.class).value()
        : null;
  }
}
