package dev.vigil.repoconfig.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Canonical form of a request body, the input of {@link RequestFingerprinter}'s keyed fingerprint
 * that tells an {@code Idempotency-Key} retry (same request) from a reuse of the key for another.
 *
 * <p>JSON bodies are canonicalised: object keys sorted, insignificant whitespace dropped, numbers
 * normalised ({@code 30}, {@code 30.0} and {@code 3e1} are equal). A body that is not a single
 * valid JSON document (or has duplicate keys) is used as raw bytes.
 */
public final class RequestFingerprint {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  // Integers up to this many digits are written out in full; beyond that, scientific notation
  // keeps "1e1000000" from expanding into a million characters.
  private static final int MAX_PLAIN_INTEGER_DIGITS = 400;

  private RequestFingerprint() {}

  /**
   * HMAC-SHA256 (lower-case hex) under {@code macKey} over the scope, the upper-cased method, the
   * path and the canonical body ({@link #canonicalize}), each length-prefixed so that no bytes can
   * move between parts.
   *
   * @param scope who the key belongs to (tenant and project), so equal bodies of different owners
   *     never share a fingerprint
   * @param path request path without query string, e.g. {@code /v1/config/repos}
   */
  static String of(
      SecretKey macKey, String scope, String method, String path, byte[] canonicalBody) {
    Objects.requireNonNull(macKey, "macKey");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(canonicalBody, "canonicalBody");
    Mac mac = Hmac.sha256(macKey);
    update(mac, scope.getBytes(StandardCharsets.UTF_8));
    update(mac, method.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    update(mac, path.getBytes(StandardCharsets.UTF_8));
    update(mac, canonicalBody);
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /**
   * Canonical JSON of {@code body} (UTF-8), or {@code body} unchanged when it is empty or not a
   * single well-formed JSON document.
   */
  public static byte[] canonicalize(byte[] body) {
    Objects.requireNonNull(body, "body");
    if (body.length == 0) {
      return body;
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (IOException e) {
      return body;
    }
    if (tree == null || tree.isMissingNode()) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      write(tree, gen);
    } catch (IOException e) {
      throw new IllegalStateException("could not write canonical JSON", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonNode node, JsonGenerator gen) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        names.sort(null);
        gen.writeStartObject();
        for (String name : names) {
          gen.writeFieldName(name);
          write(node.get(name), gen);
        }
        gen.writeEndObject();
      }
      case ARRAY -> {
        gen.writeStartArray();
        for (JsonNode element : node) {
          write(element, gen);
        }
        gen.writeEndArray();
      }
      case NUMBER -> gen.writeNumber(canonicalNumber(node.decimalValue()));
      case STRING -> gen.writeString(node.textValue());
      case BOOLEAN -> gen.writeBoolean(node.booleanValue());
      case NULL -> gen.writeNull();
      default -> throw new IOException("unexpected JSON node type " + node.getNodeType());
    }
  }

  private static String canonicalNumber(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0
        && stripped.precision() - stripped.scale() <= MAX_PLAIN_INTEGER_DIGITS) {
      return stripped.toBigIntegerExact().toString();
    }
    return stripped.toString();
  }

  private static void update(Mac mac, byte[] part) {
    mac.update(ByteBuffer.allocate(4).putInt(part.length).array());
    mac.update(part);
  }
}
