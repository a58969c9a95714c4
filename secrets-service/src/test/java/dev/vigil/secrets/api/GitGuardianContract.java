package dev.vigil.secrets.api;

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
final class GitGuardianContract {

  static final Path DIR =
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

  static synchronized GitGuardianContract get() {
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

  /** The body validates against the operation's documented response schema for the status. */
  void check(String path, int status, JsonNode body) {
    JsonNode response = document.path("paths").path(path).path("post").path("responses");
    JsonNode documented = response.path(Integer.toString(status));
    assertThat(documented.isMissingNode()).as("%s %d documented", path, status).isFalse();
    if (documented.has("$ref")) {
      String ref = documented.get("$ref").asText().substring(2).replace("~1", "/");
      documented = document.at("/" + ref);
    }
    JsonNode schema = documented.path("content").path("application/json").path("schema");
    ObjectNode copy = document.deepCopy();
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
