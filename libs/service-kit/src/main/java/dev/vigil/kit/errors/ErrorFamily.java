package dev.vigil.kit.errors;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the error body shape for a resource class or method. Errors raised outside any resource
 * (unknown path) use {@code vigil.errors.default-family}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ErrorFamily {
  ApiFamily value();
}
