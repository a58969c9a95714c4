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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Fingerprint of a request, stored with an {@code Idempotency-Key} to tell a retry (same
 * fingerprint) from a reuse of the key for a different request.
 *
 * <p>JSON bodies are canonicalised first: object keys sorted, insignificant whitespace dropped,
 * numbers normalised ({@code 30}, {@code 30.0} and {@code 3e1} are equal). A body that is not a
 * single valid JSON document (or has duplicate keys) is hashed as raw bytes.
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
   * SHA-256 (lower-case hex) over the upper-cased method, the path and the canonical body.
   *
   * @param path request path without query string, e.g. {@code /v1/config/repos}
   * @param body raw request body; {@code null} or empty for requests without one
   */
  public static String of(String method, String path, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    // Length prefixes keep (method, path, body) boundaries unambiguous.
    update(sha256, method.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    update(sha256, path.getBytes(StandardCharsets.UTF_8));
    update(sha256, canonicalize(body == null ? new byte[0] : body));
    return HexFormat.of().formatHex(sha256.digest());
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

  private static void update(MessageDigest digest, byte[] part) {
    digest.update(ByteBuffer.allocate(4).putInt(part.length).array());
    digest.update(part);
  }
}
