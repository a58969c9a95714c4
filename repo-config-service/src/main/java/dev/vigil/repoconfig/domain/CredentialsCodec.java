package dev.vigil.repoconfig.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;

/**
 * The plaintext that {@link CredentialCipher} seals: a small JSON object with the secret parts of
 * {@link Credentials} only ({@code token}, or {@code username} + {@code appPassword}). The {@code
 * baseUrl} is not secret and lives in its own column, so it can be shown and put into events.
 */
public final class CredentialsCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CredentialsCodec() {}

  /** UTF-8 JSON of the secret parts; the caller should zero the array after sealing it. */
  public static byte[] encode(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    ObjectNode node = JSON.createObjectNode();
    if (credentials.token() != null) {
      node.put("token", credentials.token());
    }
    if (credentials.username() != null) {
      node.put("username", credentials.username());
    }
    if (credentials.appPassword() != null) {
      node.put("appPassword", credentials.appPassword());
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not encode credentials");
    }
  }

  /**
   * @param baseUrl the connection's stored base URL, or null
   * @throws CredentialCryptoException MALFORMED when the plaintext is not what {@link #encode}
   *     writes (the parser's message, which could quote the plaintext, is dropped)
   */
  public static Credentials decode(byte[] plaintext, String baseUrl) {
    JsonNode node;
    try {
      node = JSON.readTree(plaintext);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw new CredentialCryptoException(
          CredentialCryptoException.Reason.MALFORMED, "decrypted credentials are malformed");
    }
    return new Credentials(
        text(node, "token"), text(node, "username"), text(node, "appPassword"), baseUrl);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? null : value.textValue();
  }
}
