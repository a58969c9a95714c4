package dev.vigil.scanning.api;

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
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub's OpenAPI description of the code scanning operations (the shared conformance subset),
 * read at test time: checks a response's status against the operation, its content type against the
 * documented media type and its body against the documented schema, with every {@code
 * #/components/...} reference resolved inside the whole document. Tests are skipped, with a
 * message, when the document is absent.
 *
 * <p>Statuses the operation does not list are accepted only where GitHub answers them for every
 * endpoint: 401 (bad credentials, {@code basic-error}) and 422 (request validation, {@code
 * validation-error}). Documented statuses without a body schema (400 and 413 of the upload) are
 * checked against {@code basic-error}, the body GitHub sends with them.
 */
public final class GitHubContract {

  static final Path DOCUMENT =
      Path.of(
          System.getProperty(
              "vigil.conformance.github", "/work/shared/conformance/github/openapi-subset.json"));

  private static final String IRI = "https://vigil.test/github/openapi-subset.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> GENERIC = Set.of(401, 422);

  private static GitHubContract instance;

  private final JsonNode document;
  private final JsonSchemaFactory factory;
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
  private final SchemaValidatorsConfig config =
      SchemaValidatorsConfig.builder()
          .nullableKeywordEnabled(true)
          .formatAssertionsEnabled(true)
          .build();

  private GitHubContract(JsonNode document) {
    this.document = document;
    this.factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4,
            builder ->
                builder
                    .metaSchema(OpenApi30.getInstance())
                    .defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
                    .schemaLoaders(loaders -> loaders.schemas(documents::get)));
  }

  /** The contract; skips the calling test when the document is not there. */
  public static synchronized GitHubContract get() {
    assumeTrue(
        Files.isRegularFile(DOCUMENT),
        "skipped: GitHub OpenAPI subset not found at " + DOCUMENT + " (conformance folder absent)");
    if (instance == null) {
      try {
        instance = new GitHubContract(JSON.readTree(DOCUMENT.toFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /**
   * Asserts that the response is one GitHub documents for the operation.
   *
   * @param method HTTP method, e.g. {@code get}
   * @param path the path template as GitHub writes it, e.g. {@code
   *     /repos/{owner}/{repo}/code-scanning/alerts}
   */
  public void check(String method, String path, Response response) {
    check(method, path, response.statusCode(), response.contentType(), response.asByteArray());
  }

  /** As {@link #check(String, String, Response)}, for a raw status, content type and body. */
  public void check(String method, String path, int status, String contentType, byte[] bytes) {
    JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    assertThat(operation.isMissingNode()).as("operation %s %s", method, path).isFalse();
    String statusKey = Integer.toString(status);
    JsonNode documented = operation.path("responses").path(statusKey);
    String where = method.toUpperCase(Locale.ROOT) + " " + path + " → " + status;
    JsonNode schema;
    String mediaType = "application/json";
    if (documented.isMissingNode()) {
      assertThat(GENERIC).as("%s: status not documented for the operation", where).contains(status);
      schema = status == 422 ? componentSchema("validation-error") : componentSchema("basic-error");
    } else {
      JsonNode resolved = resolve(documented);
      JsonNode content = resolved.path("content");
      if (content.isMissingNode() || content.isEmpty()) {
        if (status == 204 || status == 304) {
          return;
        }
        schema = componentSchema("basic-error");
      } else {
        String actualType = contentType == null ? "" : contentType;
        String matched = null;
        for (Iterator<String> types = content.fieldNames(); types.hasNext(); ) {
          String type = types.next();
          if (actualType.toLowerCase(Locale.ROOT).startsWith(type)) {
            matched = type;
          }
        }
        assertThat(matched)
            .as("%s: content type %s is not one of %s", where, actualType, content)
            .isNotNull();
        mediaType = matched;
        schema = content.path(matched).path("schema");
      }
    }
    if (mediaType.equals("application/json")) {
      assertThat(contentType).as("%s: content type", where).startsWith(mediaType);
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError(where + ": body is not JSON", e);
    }
    Set<ValidationMessage> errors = schema(schema).validate(body);
    assertThat(errors).as("%s: body does not match GitHub's schema:\n%s", where, body).isEmpty();
  }

  private JsonNode componentSchema(String name) {
    JsonNode ref = JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
    return ref;
  }

  /** A response object, following a {@code $ref} into components. */
  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = document.at(ref.asText().substring(1));
    assertThat(target.isMissingNode()).as("unresolvable %s", ref).isFalse();
    return resolve(target);
  }

  /**
   * The schema with the whole document around it, so that its references resolve: a copy of the
   * document with the schema at {@code /x-vigil-schema}, registered under its own IRI.
   */
  private JsonSchema schema(JsonNode schema) {
    String key = schema.toString();
    return schemas.computeIfAbsent(
        key,
        k -> {
          String iri = IRI.replace(".json", "-" + Integer.toHexString(k.hashCode()) + ".json");
          ObjectNode copy = document.deepCopy();
          copy.set("x-vigil-schema", schema);
          documents.put(iri, copy.toString());
          // References in the copy ("#/components/...") resolve against the copy itself.
          return factory.getSchema(SchemaLocation.of(iri + "#/x-vigil-schema"), config);
        });
  }
}
