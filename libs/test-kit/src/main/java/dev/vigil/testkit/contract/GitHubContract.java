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
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *
 * <p>Headers: the headers a documented response declares must be present, and the {@code Link}
 * header is checked as GitHub's pagination guide describes it (the operations whose {@code page}
 * and {@code per_page} parameters point there): only on those operations, a comma-separated list of
 * {@code <absolute URL>; rel="first|prev|next|last"}, each rel at most once, each URL naming its
 * page, {@code first} page 1, {@code prev} before {@code next}, {@code next} not after {@code
 * last}.
 *
 * <p>Used by scanning-service's own tests and by the system tests through the gateway.
 */
public final class GitHubContract {

  /** Where the subset is read from ({@code -Dvigil.conformance.github} overrides). */
  public static final Path DOCUMENT =
      Path.of(
          System.getProperty(
              "vigil.conformance.github", "/work/shared/conformance/github/openapi-subset.json"));

  private static final String IRI = "https://vigil.test/github/openapi-subset.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> GENERIC = Set.of(401, 422);
  private static final Pattern LINK_PART =
      Pattern.compile("\\s*<([^>]+)>\\s*;\\s*rel=\"(first|prev|next|last)\"\\s*");
  private static final Pattern PAGE_PARAM = Pattern.compile("(?:^|&)page=([0-9]+)(?:&|$)");

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
    check(
        method,
        path,
        response.statusCode(),
        response.contentType(),
        response.asByteArray(),
        response::header);
  }

  /**
   * As {@link #check(String, String, Response)}, for a raw status, content type and body (no
   * headers).
   */
  public void check(String method, String path, int status, String contentType, byte[] bytes) {
    check(method, path, status, contentType, bytes, name -> null);
  }

  /**
   * As {@link #check(String, String, Response)}, for a raw status, content type, body and headers
   * (looked up by name, case-insensitively; null when absent).
   */
  public void check(
      String method,
      String path,
      int status,
      String contentType,
      byte[] bytes,
      Function<String, String> headers) {
    JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    assertThat(operation.isMissingNode()).as("operation %s %s", method, path).isFalse();
    String statusKey = Integer.toString(status);
    JsonNode documented = operation.path("responses").path(statusKey);
    String where = method.toUpperCase(Locale.ROOT) + " " + path + " → " + status;
    checkHeaders(where, operation, documented, status, headers);
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
    FamilyContentTypes.GITHUB.check(where, mediaType, contentType);
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError(where + ": body is not JSON", e);
    }
    Set<ValidationMessage> errors = schema(schema).validate(body);
    assertThat(errors).as("%s: body does not match GitHub's schema:\n%s", where, body).isEmpty();
  }

  /** Documented response headers, and GitHub's {@code Link} pagination header. */
  private void checkHeaders(
      String where,
      JsonNode operation,
      JsonNode documented,
      int status,
      Function<String, String> headers) {
    if (!documented.isMissingNode()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = resolve(documented).path("headers").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> header = it.next();
        if (resolve(header.getValue()).path("required").asBoolean(false)) {
          assertThat(headers.apply(header.getKey()))
              .as("%s: documented header %s", where, header.getKey())
              .isNotNull();
        }
      }
    }
    String link = headers.apply("Link");
    if (link == null) {
      return;
    }
    assertThat(paginated(operation))
        .as("%s: Link header on an operation without pagination: %s", where, link)
        .isTrue();
    assertThat(status).as("%s: Link header on an error: %s", where, link).isEqualTo(200);
    checkLink(where, link);
  }

  /**
   * Checks a {@code Link} header as GitHub's pagination guide describes it and returns the page
   * number of each relation, e.g. {@code {next=2, last=5}}.
   */
  public static Map<String, Integer> checkLink(String where, String link) {
    Map<String, Integer> pages = new LinkedHashMap<>();
    for (String part : link.split(",")) {
      Matcher matcher = LINK_PART.matcher(part);
      assertThat(matcher.matches())
          .as("%s: Link part is not <url>; rel=\"first|prev|next|last\": '%s'", where, part)
          .isTrue();
      URI url = URI.create(matcher.group(1));
      assertThat(url.isAbsolute() && url.getScheme().startsWith("http"))
          .as("%s: Link URL is not absolute: %s", where, url)
          .isTrue();
      Matcher page = PAGE_PARAM.matcher(url.getRawQuery() == null ? "" : url.getRawQuery());
      assertThat(page.find()).as("%s: Link URL names no page: %s", where, url).isTrue();
      Integer previous = pages.put(matcher.group(2), Integer.parseInt(page.group(1)));
      assertThat(previous).as("%s: rel=%s twice", where, matcher.group(2)).isNull();
    }
    if (pages.containsKey("first")) {
      assertThat(pages.get("first")).as("%s: first page", where).isEqualTo(1);
    }
    if (pages.containsKey("prev") && pages.containsKey("next")) {
      assertThat(pages.get("prev")).as("%s: prev before next", where).isLessThan(pages.get("next"));
    }
    if (pages.containsKey("next") && pages.containsKey("last")) {
      assertThat(pages.get("next"))
          .as("%s: next not after last", where)
          .isLessThanOrEqualTo(pages.get("last"));
    }
    return pages;
  }

  /** Whether the operation takes GitHub's {@code page} parameter. */
  private boolean paginated(JsonNode operation) {
    for (JsonNode parameter : operation.path("parameters")) {
      JsonNode resolved = resolve(parameter);
      if ("page".equals(resolved.path("name").asText())
          && "query".equals(resolved.path("in").asText())) {
        return true;
      }
    }
    return false;
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
