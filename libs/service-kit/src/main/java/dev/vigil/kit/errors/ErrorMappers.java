package dev.vigil.kit.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * One place that turns every failure into the calling API family's error body. Nothing here echoes
 * exception class names, stack traces or request values.
 */
public class ErrorMappers {

  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  private final ApiFamily defaultFamily;

  public ErrorMappers(
      @ConfigProperty(name = "vigil.errors.default-family", defaultValue = "GITHUB")
          ApiFamily defaultFamily) {
    this.defaultFamily = defaultFamily;
  }

  @ServerExceptionMapper
  public Response apiException(ApiException error, ResourceInfo resource) {
    return ErrorBodies.render(family(resource), error);
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException error, ResourceInfo resource) {
    return ErrorBodies.render(family(resource), unauthorized(family(resource)));
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException error, ResourceInfo resource) {
    return ErrorBodies.render(family(resource), unauthorized(family(resource)));
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException error, ResourceInfo resource) {
    ApiFamily family = family(resource);
    return ErrorBodies.render(family, ErrorBodies.stock(family, 403));
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException error, ResourceInfo resource) {
    ApiFamily family = family(resource);
    List<FieldViolation> violations =
        error.getConstraintViolations().stream()
            .map(v -> FieldViolation.invalid(fieldPath(v), v.getMessage()))
            .sorted(Comparator.comparing(FieldViolation::field))
            .toList();
    ApiException rendered =
        family == ApiFamily.GITHUB
            ? ApiException.unprocessable("Validation Failed", violations)
            : ApiException.validation(summary(violations), violations);
    return ErrorBodies.render(family, rendered);
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException error, ResourceInfo resource) {
    return unreadableJson(family(resource), error);
  }

  /**
   * Quarkus maps this subtype itself (an empty 400) unless a mapper names it: an array where an
   * object is expected, {@code "scopes":"scan"}, a number for a string, a NUL in a string.
   */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException error, ResourceInfo resource) {
    return unreadableJson(family(resource), error);
  }

  /** Jackson's message quotes the input; never return it. */
  private static Response unreadableJson(ApiFamily family, JsonProcessingException error) {
    ApiException described = JsonInputErrors.describe(error);
    if (described == null) {
      return unreadableJson(family);
    }
    if (family == ApiFamily.GITHUB && described.status() == 400 && described.details() != null) {
      // GitHub answers a body of the wrong shape with 422.
      described =
          ApiException.unprocessable(
              "Invalid request.",
              described.details() instanceof List<?> list
                  ? list.stream()
                      .filter(FieldViolation.class::isInstance)
                      .map(FieldViolation.class::cast)
                      .toList()
                  : List.of());
    }
    return ErrorBodies.render(family, described);
  }

  private static Response unreadableJson(ApiFamily family) {
    String message =
        family == ApiFamily.GITHUB ? "Problems parsing JSON" : "Request body is not valid JSON";
    return ErrorBodies.render(family, new ApiException(400, "VALIDATION_ERROR", message));
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException error, ResourceInfo resource) {
    int status = error.getResponse().getStatus();
    if (status == 400 && error.getCause() instanceof JsonProcessingException json) {
      return unreadableJson(family(resource), json); // how Quarkus reports an unreadable body
    }
    if (status >= 500) {
      LOG.errorf(error, "request failed with status %d", status);
    }
    ApiFamily family = family(resource);
    return ErrorBodies.render(family, ErrorBodies.stock(family, status));
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable error, ResourceInfo resource) {
    LOG.error("unexpected failure", error);
    ApiFamily family = family(resource);
    return ErrorBodies.render(family, ErrorBodies.stock(family, 500));
  }

  static ApiException unauthorized(ApiFamily family) {
    return ErrorBodies.stock(family, 401);
  }

  private ApiFamily family(ResourceInfo resource) {
    return ApiFamilies.of(resource, defaultFamily);
  }

  private static String summary(List<FieldViolation> violations) {
    return violations.isEmpty()
        ? "Validation failed"
        : "Validation failed: " + violations.get(0).field() + " " + violations.get(0).message();
  }

  /** {@code create.body.serviceMappings[0].pathPrefix} → {@code serviceMappings[0].pathPrefix}. */
  static String fieldPath(ConstraintViolation<?> violation) {
    StringBuilder path = new StringBuilder();
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
        continue;
      }
      // Hibernate Validator puts a container's index on the node inside it.
      if (node.isInIterable()) {
        path.append('[')
            .append(node.getIndex() != null ? node.getIndex() : node.getKey())
            .append(']');
      }
      if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(node.getName());
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }
}
