package dev.vigil.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.kit.errors.ApiFamily;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The error answers of the public API, documented once per API family: every error an operation can
 * get (the gateway's own 401, 403, 404, 413, 429, 502, 503 for any route; a service's 400, 404,
 * 409, 422) has the body of its family ({@code dev.vigil.kit.errors.ErrorBodies}), so each
 * operation documents {@code 4XX} and {@code 5XX} with that family's schema, and an error status a
 * service documents without a body (SmallRye's automatic 401/403) gets the same schema. A status an
 * operation documents with a body of its own keeps it.
 */
final class FamilyErrors {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String MEDIA_TYPE = "application/json";

  private FamilyErrors() {}

  /** The component name of a family's error schema. */
  static String schemaName(ApiFamily family) {
    return switch (family) {
      case GITHUB -> "GitHubError";
      case GITGUARDIAN -> "GitGuardianError";
      case SIGSENTRY -> "SigSentryError";
      case SCANNER -> "ScannerError";
      case VIGIL -> "VigilError";
    };
  }

  /** Adds the family's error responses to one operation. */
  static void document(ObjectNode operation, ApiFamily family) {
    JsonNode existing = operation.get("responses");
    ObjectNode responses =
        existing instanceof ObjectNode object ? object : operation.putObject("responses");
    List<String> statuses = new ArrayList<>();
    responses.fieldNames().forEachRemaining(statuses::add);
    for (String status : statuses) {
      if (!isError(status) || !(responses.get(status) instanceof ObjectNode response)) {
        continue;
      }
      JsonNode content = response.get("content");
      if (!response.has("$ref") && (content == null || content.isEmpty())) {
        response.set("content", content(family));
      }
    }
    for (String range : List.of("4XX", "5XX")) {
      if (!responses.has(range)) {
        ObjectNode response = responses.putObject(range);
        response.put(
            "description",
            range.startsWith("4")
                ? "The request was refused; the body says why, in the family's error shape."
                : "Vigil could not answer; the body says so, in the family's error shape.");
        response.set("content", content(family));
      }
    }
  }

  /** The error schemas of {@code families}, to add to the document's components. */
  static void addSchemas(ObjectNode schemas, Collection<ApiFamily> families) {
    Set<ApiFamily> wanted = families.isEmpty() ? Set.of() : EnumSet.copyOf(families);
    for (ApiFamily family : wanted) {
      schemas.putIfAbsent(schemaName(family), schema(family));
    }
  }

  private static boolean isError(String status) {
    return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
  }

  private static ObjectNode content(ApiFamily family) {
    ObjectNode content = JSON.objectNode();
    content
        .putObject(MEDIA_TYPE)
        .putObject("schema")
        .put("$ref", "#/components/schemas/" + schemaName(family));
    return content;
  }

  private static ObjectNode schema(ApiFamily family) {
    ObjectNode schema = JSON.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    switch (family) {
      case GITHUB -> {
        schema.put("description", "GitHub's error body.");
        schema.putArray("required").add("message");
        properties.putObject("message").put("type", "string");
        properties.putObject("documentation_url").put("type", "string");
        properties.putObject("status").put("type", "string");
        ObjectNode errors = properties.putObject("errors").put("type", "array");
        errors.putObject("items");
      }
      case GITGUARDIAN -> {
        schema.put("description", "GitGuardian's error body.");
        schema.putArray("required").add("detail");
        properties.putObject("detail").put("type", "string");
      }
      case SIGSENTRY -> {
        schema.put("description", "SigSentry's error envelope.");
        schema.putArray("required").add("success").add("error");
        properties.putObject("success").put("type", "boolean").put("const", false);
        properties.set("error", codeAndMessage(true));
      }
      case SCANNER -> {
        schema.put("description", "Scanner.dev's error body.");
        schema.putArray("required").add("error");
        properties.putObject("error").put("type", "string");
      }
      case VIGIL -> {
        schema.put("description", "The error body of Vigil's own API.");
        schema.putArray("required").add("error");
        properties.set("error", codeAndMessage(false));
      }
    }
    return schema;
  }

  private static ObjectNode codeAndMessage(boolean details) {
    ObjectNode inner = JSON.objectNode().put("type", "object");
    inner.putArray("required").add("code").add("message");
    ObjectNode properties = inner.putObject("properties");
    properties.putObject("code").put("type", "string");
    properties.putObject("message").put("type", "string");
    if (details) {
      properties
          .putObject("details")
          .put("description", "What failed: the fields, the scope or the limit.");
    }
    return inner;
  }
}
