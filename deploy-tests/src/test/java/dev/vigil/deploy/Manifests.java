package dev.vigil.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The manifests under {@code deploy/k8s} as a cluster would receive them: each overlay rendered
 * once per test JVM with {@code kubectl kustomize} (kustomize built in), then read both as raw YAML
 * trees (for the operators' custom resources) and as fabric8 Kubernetes model objects.
 */
final class Manifests {

  static final List<String> OVERLAYS = List.of("dev", "prod");
  static final YAMLMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization MODEL = new KubernetesSerialization();
  private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

  private Manifests() {}

  static Path root() {
    return Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
  }

  static Path sharedK8s() {
    return Path.of(System.getProperty("vigil.conformance.k8s", "/work/shared/conformance/k8s"));
  }

  /** kubectl on the PATH, or the test is skipped saying so. */
  static String kubectl() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    assumeTrue(false, "kubectl not found on PATH: rendering the kustomize overlays is skipped");
    return null;
  }

  /** Every document of the rendered overlay, in order. */
  static List<JsonNode> rendered(String overlay) {
    return RENDERED.computeIfAbsent(overlay, Manifests::render);
  }

  /** The rendered overlay as fabric8 model objects (custom resources as generic ones). */
  static List<HasMetadata> model(String overlay) {
    List<HasMetadata> objects = new ArrayList<>();
    for (JsonNode document : rendered(overlay)) {
      KubernetesResource parsed = MODEL.unmarshal(document.toString(), KubernetesResource.class);
      objects.add((HasMetadata) parsed);
    }
    return objects;
  }

  static <T extends HasMetadata> List<T> all(String overlay, Class<T> type) {
    return model(overlay).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<JsonNode> render(String overlay) {
    Path dir = root().resolve("deploy/k8s/overlays").resolve(overlay);
    try {
      Process process =
          new ProcessBuilder(kubectl(), "kustomize", dir.toString())
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
      }
      List<JsonNode> documents = new ArrayList<>();
      try (var parser = YAML.createParser(out)) {
        for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
          JsonNode node = it.next();
          if (node instanceof ObjectNode object && object.has("kind")) {
            documents.add(object);
          }
        }
      }
      return List.copyOf(documents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
