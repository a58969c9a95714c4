package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.events.Topics;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * A second copy of the test kit's classes, as a Quarkus test class loader makes, must share this
 * JVM's infrastructure and signing key rather than start its own.
 */
class JvmWideTest {

  /**
   * Like a Quarkus test loader: its own copies of the test kit and of kafka-clients (child first),
   * everything else from the system loader.
   */
  private static final class QuarkusLikeLoader extends URLClassLoader {
    QuarkusLikeLoader() {
      super(
          new URL[] {location(TestInfra.class), location(Admin.class)},
          ClassLoader.getSystemClassLoader());
    }

    private static URL location(Class<?> type) {
      return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("dev.vigil.testkit.") || name.startsWith("org.apache.kafka.")) {
          Class<?> c = findLoadedClass(name);
          return c != null ? c : findClass(name);
        }
        return super.loadClass(name, resolve);
      }
    }
  }

  @Test
  void aCopyInAnotherClassLoaderForwardsToTheSystemCopy() throws Exception {
    TestInfra.ensureStarted();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (QuarkusLikeLoader loader = new QuarkusLikeLoader()) {
      // Quarkus runs test resources with its loader as context loader; Kafka resolves its
      // plug-ins (JmxReporter) through that, which must not leak into the system copy's clients.
      thread.setContextClassLoader(loader);
      Class<?> infraCopy = loader.loadClass(TestInfra.class.getName());
      Class<?> tokensCopy = loader.loadClass(TestTokens.class.getName());
      Class<?> resourceCopy = loader.loadClass(VigilTestResource.class.getName());
      assertThat(infraCopy).isNotSameAs(TestInfra.class);
      assertThat(loader.loadClass(Admin.class.getName())).isNotSameAs(Admin.class);

      assertThat(infraCopy.getMethod("kafkaBootstrapServers").invoke(null))
          .isEqualTo(TestInfra.kafkaBootstrapServers());
      assertThat(tokensCopy.getMethod("jwksLocation").invoke(null))
          .isEqualTo(TestTokens.jwksLocation());
      // Admin clients created under that context loader still work.
      KafkaBrokerProcess.ensureTopics(
          TestInfra.kafkaBootstrapServers(), Topics.ALL, Topics.PARTITIONS, Duration.ofSeconds(30));

      @SuppressWarnings("unchecked")
      Map<String, String> config =
          (Map<String, String>)
              resourceCopy.getMethod("start").invoke(resourceCopy.getConstructor().newInstance());
      assertThat(config.get("quarkus.datasource.jdbc.url"))
          .startsWith(TestInfra.jdbcUrl("x").replaceAll("/x$", "/"));

      Object builder = tokensCopy.getMethod("forAudience", String.class).invoke(null, "gateway");
      String token = (String) builder.getClass().getMethod("sign").invoke(builder);
      // Signed with the system copy's key: verifies against the one published JWKS.
      assertThat(TestTokensTest.verify(token, "gateway").getSubject()).isEqualTo("1");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
