package dev.vigil.repoconfig.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.repoconfig.domain.ConnectionRequest;
import dev.vigil.repoconfig.domain.ConnectionValidator;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.domain.FieldError;
import dev.vigil.repoconfig.domain.ServiceMapping;
import dev.vigil.repoconfig.service.ServiceErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a connection request body into a {@link ConnectionRequest} and validates it, so that every
 * problem comes back as one 400 VALIDATION_ERROR whose {@code details} name the JSON paths:
 * malformed JSON ({@code body}), wrong JSON types ({@code lookbackDays: must be an integer}),
 * unknown fields, then {@link ConnectionValidator}'s rules. Nothing here repeats a submitted value,
 * and the JSON parser's own messages (which quote the input) are dropped.
 */
public final class ConnectionRequestParser {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> ROOT_FIELDS =
      Set.of(
          "platform", "credentials", "repositories", "serviceMappings", "lookbackDays", "baseUrl");
  private static final Set<String> CREDENTIAL_FIELDS =
      Set.of("token", "username", "appPassword", "baseUrl");
  private static final Set<String> MAPPING_FIELDS =
      Set.of("serviceName", "repo", "pathPrefix", "defaultBranch");

  // Unknown field names are echoed in paths only when they cannot be anything but a name.
  private static final Pattern ECHOABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

  private ConnectionRequestParser() {}

  /**
   * @param credentialsOptional true for PUT, where absent credentials keep the stored ones
   * @throws ApiException 400 VALIDATION_ERROR listing every problem
   */
  public static ConnectionRequest parse(byte[] body, boolean credentialsOptional) {
    JsonNode root = readTree(body);
    List<FieldError> typeErrors = new ArrayList<>();
    unknownFields(root, ROOT_FIELDS, "", typeErrors);
    ConnectionRequest request =
        new ConnectionRequest(
            string(root.get("platform"), "platform", typeErrors),
            credentials(root.get("credentials"), typeErrors),
            repositories(root.get("repositories"), typeErrors),
            serviceMappings(root.get("serviceMappings"), typeErrors),
            lookbackDays(root.get("lookbackDays"), typeErrors),
            string(root.get("baseUrl"), "baseUrl", typeErrors));
    List<FieldError> errors =
        merge(typeErrors, ConnectionValidator.validate(request, credentialsOptional));
    if (!errors.isEmpty()) {
      throw ServiceErrors.validation(errors);
    }
    return request;
  }

  private static JsonNode readTree(byte[] body) {
    if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw ServiceErrors.validation("body", "is required");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new ApiException(
          400,
          "VALIDATION_ERROR",
          "Request body is not valid JSON",
          List.of(new FieldError("body", "must be one valid JSON document without duplicate keys")),
          Map.of());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw ServiceErrors.validation("body", "is required");
    }
    if (!root.isObject()) {
      throw ServiceErrors.validation("body", "must be a JSON object");
    }
    return root;
  }

  private static void unknownFields(
      JsonNode object, Set<String> known, String prefix, List<FieldError> errors) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (known.contains(name)) {
        continue;
      }
      if (ECHOABLE_NAME.matcher(name).matches()) {
        errors.add(new FieldError(prefix + name, "is not a recognized field"));
      } else {
        String where = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
        errors.add(new FieldError(where, "contains an unrecognized field"));
      }
    }
  }

  private static String string(JsonNode node, String path, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      errors.add(new FieldError(path, "must be a string"));
      return null;
    }
    return node.textValue();
  }

  private static Credentials credentials(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(new FieldError("credentials", "must be an object"));
      return null;
    }
    unknownFields(node, CREDENTIAL_FIELDS, "credentials.", errors);
    return new Credentials(
        string(node.get("token"), "credentials.token", errors),
        string(node.get("username"), "credentials.username", errors),
        string(node.get("appPassword"), "credentials.appPassword", errors),
        string(node.get("baseUrl"), "credentials.baseUrl", errors));
  }

  private static List<String> repositories(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      errors.add(new FieldError("repositories", "must be an array of strings"));
      return null;
    }
    List<String> names = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      names.add(string(node.get(i), "repositories[" + i + "]", errors));
    }
    return names;
  }

  private static List<ServiceMapping> serviceMappings(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      errors.add(new FieldError("serviceMappings", "must be an array of objects"));
      return null;
    }
    List<ServiceMapping> mappings = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String base = "serviceMappings[" + i + "]";
      if (item == null || !item.isObject()) {
        // The validator reports null entries as "must be an object" at the same path.
        mappings.add(null);
        continue;
      }
      unknownFields(item, MAPPING_FIELDS, base + ".", errors);
      mappings.add(
          new ServiceMapping(
              string(item.get("serviceName"), base + ".serviceName", errors),
              string(item.get("repo"), base + ".repo", errors),
              string(item.get("pathPrefix"), base + ".pathPrefix", errors),
              string(item.get("defaultBranch"), base + ".defaultBranch", errors)));
    }
    return mappings;
  }

  private static Integer lookbackDays(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      errors.add(new FieldError("lookbackDays", "must be an integer"));
      return null;
    }
    // Out of int range is still an integer: let the range rule report it.
    return node.canConvertToInt() ? node.intValue() : Integer.MAX_VALUE;
  }

  /**
   * Type errors first; a rule error at or below a path that already has a type error is dropped (a
   * wrongly typed field would otherwise also be reported as missing).
   */
  static List<FieldError> merge(List<FieldError> typeErrors, List<FieldError> ruleErrors) {
    List<FieldError> merged = new ArrayList<>(typeErrors);
    for (FieldError rule : ruleErrors) {
      boolean covered =
          typeErrors.stream()
              .anyMatch(
                  t ->
                      rule.field().equals(t.field())
                          || rule.field().startsWith(t.field() + ".")
                          || rule.field().startsWith(t.field() + "["));
      if (!covered) {
        merged.add(rule);
      }
    }
    return merged;
  }
}
