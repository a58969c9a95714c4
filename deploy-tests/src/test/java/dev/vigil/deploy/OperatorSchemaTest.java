package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Strimzi and CloudNativePG resource in both overlays validates against the operators' own
 * CRD schemas (shared/conformance/k8s/crds), the way the API server would take it: the version must
 * be served, and unknown fields are errors (structural schemas prune them), as in that directory's
 * validate_crs.py.
 */
class OperatorSchemaTest {

  private record Crd(boolean served, JsonNode schema) {}

  private static final Map<String, Crd> CRDS = new HashMap<>(); // group/version/kind
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

  @BeforeAll
  static void loadCrds() throws IOException {
    Path dir = Manifests.sharedK8s().resolve("crds");
    assumeTrue(
        Files.isDirectory(dir),
        dir + " is absent: the operator CRD schema check is skipped (set -Dvigil.conformance.k8s)");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        try (var parser = Manifests.YAML.createParser(file.toFile())) {
          for (Iterator<JsonNode> it = Manifests.YAML.readValues(parser, JsonNode.class);
              it.hasNext(); ) {
            JsonNode crd = it.next();
            if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
              continue;
            }
            JsonNode spec = crd.get("spec");
            for (JsonNode version : spec.get("versions")) {
              JsonNode schema = version.path("schema").path("openAPIV3Schema");
              String key =
                  spec.get("group").asText()
                      + "/"
                      + version.get("name").asText()
                      + "/"
                      + spec.path("names").get("kind").asText();
              CRDS.put(
                  key,
                  new Crd(
                      version.path("served").asBoolean(), schema.isMissingNode() ? null : schema));
            }
          }
        }
      }
    }
    assertThat(CRDS).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyOperatorResourceValidatesAgainstItsCrd(String overlay) {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (JsonNode document : Manifests.rendered(overlay)) {
      if (!isOperatorResource(document)) {
        continue;
      }
      checked++;
      failures.addAll(validate(document));
    }
    // Kafka, KafkaNodePool, 4 topics, Cluster, 5 databases, ScheduledBackup.
    assertThat(checked).as("operator resources in " + overlay).isGreaterThanOrEqualTo(13);
    assertThat(failures).as(overlay).isEmpty();
  }

  /** The check itself can fail: a misspelt field and an unserved version are both caught. */
  @Test
  void aMisspeltFieldOrAnUnservedVersionIsRejected() {
    JsonNode kafka =
        Manifests.rendered("dev").stream()
            .filter(d -> d.path("kind").asText().equals("KafkaTopic"))
            .findFirst()
            .orElseThrow()
            .deepCopy();
    ((ObjectNode) kafka.get("spec")).put("partition", 3);
    assertThat(validate(kafka)).singleElement().asString().contains("partition");
    ObjectNode old = kafka.deepCopy();
    ((ObjectNode) old.get("spec")).remove("partition");
    old.put("apiVersion", "kafka.strimzi.io/v1alpha1");
    assertThat(validate(old)).singleElement().asString().contains("not a served version");
  }

  private static boolean isOperatorResource(JsonNode document) {
    String apiVersion = document.path("apiVersion").asText();
    return apiVersion.startsWith("kafka.strimzi.io/")
        || apiVersion.startsWith("postgresql.cnpg.io/");
  }

  private static List<String> validate(JsonNode document) {
    String name =
        document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
    Crd crd = CRDS.get(document.path("apiVersion").asText() + "/" + document.path("kind").asText());
    if (crd == null || !crd.served() || crd.schema() == null) {
      return List.of(
          name + ": " + document.path("apiVersion").asText() + " is not a served version");
    }
    ObjectNode schema = (ObjectNode) strict(crd.schema());
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ObjectNode body = document.deepCopy();
    for (String field : List.of("apiVersion", "kind", "metadata", "status")) {
      properties.remove(field);
      body.remove(field);
    }
    schema.remove("required");
    JsonSchema validator = FACTORY.getSchema(schema);
    Set<ValidationMessage> errors = validator.validate(body);
    return errors.stream().map(e -> name + ": " + e.getMessage()).toList();
  }

  /**
   * The CRD schema as the API server applies it: objects with properties reject unknown fields
   * unless they preserve them; int-or-string takes either.
   */
  private static JsonNode strict(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = Manifests.JSON.createObjectNode();
      object
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().startsWith("x-kubernetes")) {
                  copy.set(e.getKey(), strict(e.getValue()));
                }
              });
      if ("object".equals(object.path("type").asText())
          && object.has("properties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()
          && !object.has("additionalProperties")) {
        copy.put("additionalProperties", false);
      }
      if (object.path("x-kubernetes-int-or-string").asBoolean()) {
        copy.remove("type");
        ArrayNode anyOf = copy.putArray("anyOf");
        anyOf.addObject().put("type", "integer");
        anyOf.addObject().put("type", "string");
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = Manifests.JSON.createArrayNode();
      array.forEach(item -> copy.add(strict(item)));
      return copy;
    }
    return node;
  }
}
