package dev.vigil.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Makes per-JVM state really per JVM. Quarkus tests load test classes, test resources and their
 * libraries through Quarkus class loaders, and can create several of them in one JVM (one per test
 * profile or resource set); each would get its own copy of a static field, so a second PostgreSQL,
 * a second broker, or a second signing key. A class that holds such state therefore forwards its
 * static calls to its copy in the system class loader (which Surefire fills from java.class.path,
 * and which is never closed) whenever that copy exists and is not itself. Only JDK types cross the
 * boundary.
 */
final class JvmWide {

  private JvmWide() {}

  /** The system class loader's copy of {@code self}, or null if {@code self} is that copy. */
  static Class<?> systemCopyOf(Class<?> self) {
    ClassLoader system = ClassLoader.getSystemClassLoader();
    if (self.getClassLoader() == system) {
      return null;
    }
    try {
      Class<?> copy = Class.forName(self.getName(), true, system);
      return copy == self ? null : copy;
    } catch (ClassNotFoundException | LinkageError e) {
      return null; // not on java.class.path (e.g. an isolated class loader): state stays local
    }
  }

  /**
   * Calls static method {@code name} of {@code target}, rethrowing what it throws. The call runs
   * with {@code target}'s loader as context class loader: Kafka's clients load their plug-ins
   * (JmxReporter, serializers) by name through it, and classes from a Quarkus loader's copy of
   * kafka-clients fail the type check against the system copy's interfaces.
   */
  static Object call(Class<?> target, String name, Class<?>[] types, Object... args) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(target.getClassLoader());
    try {
      Method method = target.getDeclaredMethod(name, types);
      method.setAccessible(true);
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + target.getName() + "." + name, e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  static Object call(Class<?> target, String name) {
    return call(target, name, new Class<?>[0]);
  }
}
