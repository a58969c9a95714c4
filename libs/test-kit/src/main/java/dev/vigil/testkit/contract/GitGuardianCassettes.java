package dev.vigil.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exchanges GitGuardian's own clients recorded against api.gitguardian.com (VCR cassettes of
 * ggshield and py-gitguardian in ../shared/conformance/gitguardian/cassettes, {@code
 * -Dvigil.conformance.gitguardian} overrides), read for replay, and the rule by which a replayed
 * answer counts as the same as the recorded one.
 */
public final class GitGuardianCassettes {

  /** The conformance folder; tests skip with a clear message when it is absent. */
  public static final Path DIR =
      Path.of(
          System.getProperty(
              "vigil.conformance.gitguardian", "/work/shared/conformance/gitguardian"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private GitGuardianCassettes() {}

  /**
   * One recorded interaction.
   *
   * @param cassette the file it comes from
   * @param method the request's method
   * @param path the request's path and query, as sent
   * @param body the request body, if any
   * @param status the recorded status
   * @param contentType the recorded response Content-Type
   * @param answer the recorded response body
   */
  public record Interaction(
      String cassette,
      String method,
      String path,
      Optional<String> body,
      int status,
      String contentType,
      JsonNode answer) {

    /** The path without its query string. */
    public String route() {
      int query = path.indexOf('?');
      return query < 0 ? path : path.substring(0, query);
    }

    @Override
    public String toString() {
      return cassette + ": " + method + " " + path + " -> " + status;
    }
  }

  // The recordings spell header names as the recording library saw them: Content-Type or
  // content-type.
  private static JsonNode header(JsonNode headers, String name) {
    for (var fields = headers.fields(); fields.hasNext(); ) {
      var field = fields.next();
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue();
      }
    }
    return MissingNode.getInstance();
  }

  /** Whether the cassettes are here to replay. */
  public static boolean present() {
    return Files.isDirectory(DIR.resolve("cassettes"));
  }

  /** Every interaction of every cassette, in file order. */
  public static List<Interaction> all() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Interaction> all = new ArrayList<>();
    try (var files = Files.list(DIR.resolve("cassettes"))) {
      for (Path file : files.sorted().toList()) {
        for (JsonNode i : yaml.readTree(file.toFile()).get("interactions")) {
          URI uri = URI.create(i.at("/request/uri").asText());
          JsonNode body = i.at("/request/body");
          JsonNode type = header(i.at("/response/headers"), "Content-Type");
          all.add(
              new Interaction(
                  file.getFileName().toString(),
                  i.at("/request/method").asText(),
                  uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                  body.isNull() || body.isMissingNode()
                      ? Optional.empty()
                      : Optional.of(body.asText()),
                  i.at("/response/status/code").asInt(),
                  type.isArray() ? type.get(0).asText() : type.asText(),
                  JSON.readTree(i.at("/response/body/string").asText())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /**
   * Every recorded field is present in {@code actual} with the recorded value, recursively. Two
   * differences are allowed, and explained: recordings before 2025 list three policies (GitGuardian
   * has since reported only "Secrets detection"), and fields GitGuardian added later ({@code
   * is_diff}, {@code is_vaulted}) are present in today's answers while absent from older
   * recordings.
   */
  public static void assertSameValues(String where, JsonNode recorded, JsonNode actual) {
    if (recorded.isArray()) {
      assertThat(actual.isArray()).as(where + " is an array").isTrue();
      assertThat(actual.size()).as(where + " size").isEqualTo(recorded.size());
      for (int i = 0; i < recorded.size(); i++) {
        assertSameValues(where + "[" + i + "]", recorded.get(i), actual.get(i));
      }
      return;
    }
    if (recorded.isObject()) {
      assertThat(actual.isObject()).as(where + " is an object").isTrue();
      for (Iterator<Map.Entry<String, JsonNode>> it = recorded.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = where + "." + field.getKey();
        assertThat(actual.has(field.getKey())).as(at + " present").isTrue();
        if (field.getKey().equals("policies")) {
          assertThat(actual.get("policies").toString()).as(at).isEqualTo("[\"Secrets detection\"]");
          continue;
        }
        assertSameValues(at, field.getValue(), actual.get(field.getKey()));
      }
      return;
    }
    assertThat(actual).as(where).isEqualTo(recorded);
  }

  /**
   * The same field names at every level of objects (arrays compared by their first element), for
   * answers whose values are the account's own (metadata, quotas, token details).
   */
  public static void assertSameFields(String where, JsonNode recorded, JsonNode actual) {
    if (recorded.isObject()) {
      assertThat(actual.isObject()).as(where + " is an object").isTrue();
      List<String> expected = new ArrayList<>();
      recorded.fieldNames().forEachRemaining(expected::add);
      List<String> got = new ArrayList<>();
      actual.fieldNames().forEachRemaining(got::add);
      assertThat(got).as(where + " fields").containsAll(expected);
      for (String name : expected) {
        assertSameFields(where + "." + name, recorded.get(name), actual.get(name));
      }
    } else if (recorded.isArray() && !recorded.isEmpty() && !actual.isEmpty()) {
      assertThat(actual.isArray()).as(where + " is an array").isTrue();
      assertSameFields(where + "[0]", recorded.get(0), actual.get(0));
    } else if (!recorded.isNull() && !actual.isNull()) {
      // A null is the account's own value (a token that never expires has expire_at null).
      assertThat(actual.getNodeType()).as(where + " type").isEqualTo(recorded.getNodeType());
    }
  }
}
