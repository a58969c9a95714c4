package dev.vigil.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitGuardian's published OpenAPI subset and recorded cassettes (../shared/conformance/gitguardian,
 * {@code -Dvigil.conformance.gitguardian} overrides); tests skip when the folder is absent.
 */
public final class GitGuardianContract {

  public static final Path DIR =
      Path.of(
          System.getProperty(
              "vigil.conformance.gitguardian", "/work/shared/conformance/gitguardian"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IRI = "https://vigil.test/gitguardian/openapi-subset.json";
  private static GitGuardianContract instance;

  private final JsonNode document;
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V4,
          builder ->
              builder
                  .metaSchema(OpenApi30.getInstance())
                  .defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
                  .schemaLoaders(loaders -> loaders.schemas(documents::get)));

  private GitGuardianContract(JsonNode document) {
    this.document = document;
  }

  public static synchronized GitGuardianContract get() {
    Path subset = DIR.resolve("openapi-subset.json");
    assumeTrue(
        Files.isRegularFile(subset), "skipped: GitGuardian OpenAPI subset not found at " + subset);
    if (instance == null) {
      try {
        instance = new GitGuardianContract(JSON.readTree(subset.toFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /**
   * GitGuardian marks some fields {@code nullable} next to an {@code allOf} of an enum (e.g. {@code
   * ignore_reason}); under OpenAPI 3.0 rules the enum still refuses null, although GitGuardian
   * sends null there. Such a schema becomes "the schema, or null".
   */
  private static void nullableAllOf(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.elements().forEachRemaining(GitGuardianContract::nullableAllOf);
      if (object.path("nullable").asBoolean(false) && object.has("allOf")) {
        ObjectNode inner = object.deepCopy();
        inner.remove("nullable");
        object.removeAll();
        var anyOf = object.putArray("anyOf");
        anyOf.add(inner);
        anyOf.addObject().putArray("enum").addNull();
      }
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(GitGuardianContract::nullableAllOf);
    }
  }

  /** The body validates against the operation's documented response schema for the status. */
  public void check(String path, int status, JsonNode body) {
    check("post", path, status, body);
  }

  /**
   * The body validates against the documented response schema of {@code method path} for the
   * status. GitGuardian's schemas list in {@code required} some names that are not among their
   * properties ({@code hash}, {@code assignments}, {@code account}, …, an upstream quirk); those
   * are left out, every documented property stays as required as the spec says.
   */
  public void check(String method, String path, int status, JsonNode body) {
    JsonNode response = document.path("paths").path(path).path(method).path("responses");
    JsonNode documented = response.path(Integer.toString(status));
    assertThat(documented.isMissingNode()).as("%s %d documented", path, status).isFalse();
    if (documented.has("$ref")) {
      String ref = documented.get("$ref").asText().substring(2).replace("~1", "/");
      documented = document.at("/" + ref);
    }
    JsonNode schema = documented.path("content").path("application/json").path("schema");
    ObjectNode copy = document.deepCopy();
    copy.path("components")
        .path("schemas")
        .forEach(
            definition -> {
              if (definition.has("required") && definition.has("properties")) {
                var required =
                    (com.fasterxml.jackson.databind.node.ArrayNode) definition.get("required");
                for (int i = required.size() - 1; i >= 0; i--) {
                  if (!definition.get("properties").has(required.get(i).asText())) {
                    required.remove(i);
                  }
                }
              }
            });
    nullableAllOf(copy);
    copy.set("x-vigil-schema", schema);
    String iri =
        IRI.replace(".json", "-" + Integer.toHexString(schema.toString().hashCode()) + ".json");
    documents.put(iri, copy.toString());
    JsonSchema validator =
        factory.getSchema(
            SchemaLocation.of(iri + "#/x-vigil-schema"),
            SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build());
    Set<ValidationMessage> errors = validator.validate(body);
    assertThat(errors).as("%s %d body %s", path, status, body).isEmpty();
  }
}
