package dev.vigil.kit.errors;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Sends every JSON answer with its family's exact {@code Content-Type} ({@link
 * ApiFamily#contentTypeFor}), whatever the resource declared: GitHub's {@code application/json;
 * charset=utf-8} (also for {@code application/sarif+json}), GitGuardian's bare {@code
 * application/json}. Families whose clients do not compare the header keep the declared type.
 */
public class FamilyContentTypes {

  private final ApiFamily defaultFamily;

  public FamilyContentTypes(
      @ConfigProperty(name = "vigil.errors.default-family", defaultValue = "GITHUB")
          ApiFamily defaultFamily) {
    this.defaultFamily = defaultFamily;
  }

  @ServerResponseFilter
  public void contentType(ContainerResponseContext response, ResourceInfo resource) {
    ApiFamily family = ApiFamilies.of(resource, defaultFamily);
    if (!family.pinsContentType() || !response.hasEntity()) {
      return;
    }
    Object declared = response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
    if (declared == null) {
      // A Response built without a type: Quarkus would pick the resource's @Produces later, with
      // a charset of its own; the family's type is set here instead.
      declared = produces(resource);
    }
    if (declared == null) {
      return;
    }
    String exact = family.contentTypeFor(declared.toString());
    if (exact != null) {
      response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, exact);
    }
  }

  private static String produces(ResourceInfo resource) {
    if (resource == null) {
      return null;
    }
    Method method = resource.getResourceMethod();
    Produces produces = method == null ? null : method.getAnnotation(Produces.class);
    if (produces == null && resource.getResourceClass() != null) {
      produces = resource.getResourceClass().getAnnotation(Produces.class);
    }
    return produces == null || produces.value().length != 1 ? null : produces.value()[0];
  }
}
