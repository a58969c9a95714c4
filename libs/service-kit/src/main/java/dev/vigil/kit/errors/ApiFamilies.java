package dev.vigil.kit.errors;

import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;

/** Which API family a request belongs to: its resource method's or class's {@link ErrorFamily}. */
public final class ApiFamilies {

  private ApiFamilies() {}

  /** The family declared on the matched resource, else {@code fallback} (no resource matched). */
  public static ApiFamily of(ResourceInfo resource, ApiFamily fallback) {
    if (resource != null) {
      Method method = resource.getResourceMethod();
      if (method != null && method.isAnnotationPresent(ErrorFamily.class)) {
        return method.getAnnotation(ErrorFamily.class).value();
      }
      Class<?> type = resource.getResourceClass();
      if (type != null && type.isAnnotationPresent(ErrorFamily.class)) {
        return type.getAnnotation(ErrorFamily.class).value();
      }
    }
    return fallback;
  }
}
