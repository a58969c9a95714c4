package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.events.Topics;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/compose.yaml cannot run here (no Docker); this checks that it names every service,
 * port and variable the services need, read with SnakeYAML (which resolves the file's {@code <<:}
 * merge keys as Compose does).
 */
class ComposeFileTest {

  private static Map<String, Map<String, Object>> services;
  private static Path dir;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    dir = Manifests.root().resolve("deploy/compose");
    try (Reader reader = Files.newBufferedReader(dir.resolve("compose.yaml"))) {
      Map<String, Object> compose = new Yaml().load(reader);
      services = (Map<String, Map<String, Object>>) compose.get("services");
    }
  }

  @Test
  void runsPostgresKafkaAndTheFiveServicesAndPublishesOnlyTheGateway() throws IOException {
    assertThat(services).containsKeys("postgres", "kafka");
    assertThat(services).containsKeys(ManifestInvariantsTest.SERVICES.toArray(String[]::new));
    for (var entry : services.entrySet()) {
      if (entry.getKey().equals("gateway-service")) {
        assertThat(entry.getValue().get("ports"))
            .asString()
            .endsWith(":" + httpPort("gateway-service") + "]");
      } else {
        assertThat(entry.getValue())
            .as(entry.getKey() + " publishes no port")
            .doesNotContainKey("ports");
      }
    }
    for (String name : ManifestInvariantsTest.SERVICES) {
      Map<String, Object> service = services.get(name);
      assertThat(service.get("image")).asString().contains(name);
      assertThat(service.get("read_only")).as(name).isEqualTo(true);
      assertThat(service.get("user")).as(name).asString().doesNotStartWith("0");
      if (!name.equals("gateway-service")) {
        assertThat(service.get("expose"))
            .as(name)
            .asString()
            .contains(Integer.toString(httpPort(name)));
      }
    }
  }

  @Test
  void everyServiceGetsEverySettingItNeedsPointingAtComposeServices() throws IOException {
    String databases = Files.readString(dir.resolve("init-databases.sh"));
    for (String name : ManifestInvariantsTest.SERVICES) {
      Map<String, String> env = environment(name);
      Set<String> required = new HashSet<>(ManifestInvariantsTest.devOnlyDefaults(name));
      required.addAll(ManifestInvariantsTest.REQUIRED_IN_PRODUCTION.getOrDefault(name, List.of()));
      assertThat(env.keySet()).as(name).containsAll(required);
      if (name.equals("repo-config-service")) {
        assertThat(env).containsKey("VIGIL_REPO_CONFIG_KEK_ACTIVE");
        String active = env.get("VIGIL_REPO_CONFIG_KEK_ACTIVE").replaceAll(".*:-(\\w+)}", "$1");
        assertThat(env).containsKey("VIGIL_REPO_CONFIG_KEK_KEYS_" + active.toUpperCase());
      }
      env.forEach(
          (key, value) -> {
            if (key.matches(
                    ".*(PASSWORD|PEPPER|KEK|TOKEN|CLIENT_SECRET|SERVICE_CLIENTS|HASH_KEY).*")
                && !key.endsWith("_URL")) {
              assertThat(value)
                  .as(name + " " + key + " comes from .env, never a literal")
                  .matches("\\$\\{" + "[A-Z0-9_]+" + ":[?-].*}");
            }
            if (value.startsWith("http://")) {
              URI uri = URI.create(value);
              assertThat(services).as(name + " " + key).containsKey(uri.getHost());
              assertThat(uri.getPort())
                  .as(name + " " + key)
                  .isIn(httpPort(uri.getHost()), managementPort(uri.getHost()));
            }
            assertThat(value).as(name + " " + key).doesNotContain("localhost", "127.0.0.1");
          });
      URI jdbc = URI.create(env.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
      assertThat(jdbc.getHost()).isEqualTo("postgres");
      assertThat(jdbc.getPath()).isEqualTo("/" + env.get("QUARKUS_DATASOURCE_USERNAME"));
      assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_URL"))
          .isEqualTo(env.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
      assertThat(databases)
          .as("init-databases.sh creates " + jdbc.getPath())
          .contains(env.get("QUARKUS_DATASOURCE_USERNAME").substring("vigil_".length()));
      assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
          .endsWith("//" + env.get("KAFKA_BOOTSTRAP_SERVERS"));
    }
    // Every secret the services need is listed in env.example.
    String example = Files.readString(dir.resolve("env.example"));
    for (String name : ManifestInvariantsTest.SERVICES) {
      environment(name)
          .values()
          .forEach(
              value -> {
                var m = java.util.regex.Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(value);
                while (m.find()) {
                  assertThat(example).as("env.example").contains(m.group(1) + "=");
                }
              });
    }
  }

  @Test
  void createsEveryEventContractsTopic() {
    String command = String.valueOf(services.get("kafka-topics").get("command"));
    for (String topic : Topics.ALL) {
      assertThat(command).contains(topic);
    }
    assertThat(command).contains("--partitions " + Topics.PARTITIONS);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) {
    Map<String, Object> env = (Map<String, Object>) services.get(service).get("environment");
    assertThat(env).as(service + " environment").isNotNull();
    Map<String, String> strings = new java.util.LinkedHashMap<>();
    env.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    return strings;
  }

  private static int httpPort(String service) {
    return Integer.parseInt(properties(service).getProperty("quarkus.http.port"));
  }

  private static int managementPort(String service) {
    return Integer.parseInt(properties(service).getProperty("quarkus.management.port", "-1"));
  }

  private static Properties properties(String service) {
    Properties properties = new Properties();
    try (Reader reader =
        Files.newBufferedReader(
            Manifests.root()
                .resolve(service)
                .resolve("src/main/resources/application.properties"))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return properties;
  }
}
