package dev.vigil.repoconfig.domain;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-encryption keys (KEKs) by id, plus the id of the one new envelopes are wrapped with. Old keys
 * stay in the ring until every envelope has been re-wrapped ({@link CredentialCipher#rewrap}).
 *
 * <p>{@link #toString()} lists key ids only.
 */
public final class KeyRing {

  public static final int KEY_LENGTH_BYTES = 32;

  /** Key ids are stored in {@code repo_connection.kek_id}; keep them short and printable. */
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  private KeyRing(Map<String, SecretKey> keys, String activeKeyId) {
    this.keys = Collections.unmodifiableMap(keys);
    this.activeKeyId = activeKeyId;
  }

  /**
   * @param base64Keys key id to standard base64 of exactly 32 random bytes
   * @param activeKeyId id of the key that wraps new data keys; must be in {@code base64Keys}
   * @throws IllegalArgumentException for a bad id, bad base64, wrong length or missing active key
   *     (messages name the key id only)
   */
  public static KeyRing fromBase64(Map<String, String> base64Keys, String activeKeyId) {
    Objects.requireNonNull(base64Keys, "base64Keys");
    Map<String, byte[]> raw = new LinkedHashMap<>();
    base64Keys.forEach(
        (id, encoded) -> {
          checkId(id);
          if (encoded == null) {
            throw new IllegalArgumentException("key '" + id + "' has no value");
          }
          try {
            raw.put(id, Base64.getDecoder().decode(encoded.strip()));
          } catch (IllegalArgumentException e) {
            // The decoder's message can quote the offending character, so it is not passed on.
            throw new IllegalArgumentException("key '" + id + "' is not valid base64");
          }
        });
    return of(raw, activeKeyId);
  }

  /** Same as {@link #fromBase64} with raw key bytes; the arrays are copied. */
  public static KeyRing of(Map<String, byte[]> rawKeys, String activeKeyId) {
    Objects.requireNonNull(rawKeys, "rawKeys");
    if (rawKeys.isEmpty()) {
      throw new IllegalArgumentException("key ring must contain at least one key");
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    rawKeys.forEach(
        (id, bytes) -> {
          checkId(id);
          if (bytes == null || bytes.length != KEY_LENGTH_BYTES) {
            throw new IllegalArgumentException(
                "key '" + id + "' must be exactly " + KEY_LENGTH_BYTES + " bytes (AES-256)");
          }
          keys.put(id, new SecretKeySpec(bytes, "AES"));
        });
    if (activeKeyId == null || !keys.containsKey(activeKeyId)) {
      throw new IllegalArgumentException("active key id is not in the key ring");
    }
    return new KeyRing(keys, activeKeyId);
  }

  private static void checkId(String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("key ids must be 1-64 characters of [A-Za-z0-9._-]");
    }
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  public Set<String> keyIds() {
    return Collections.unmodifiableSet(new TreeSet<>(keys.keySet()));
  }

  public boolean contains(String keyId) {
    return keyId != null && keys.containsKey(keyId);
  }

  /** Package-private: only the cipher handles key material. */
  SecretKey key(String keyId) {
    SecretKey key = keyId == null ? null : keys.get(keyId);
    if (key == null) {
      throw new CredentialCryptoException(
          CredentialCryptoException.Reason.UNKNOWN_KEY,
          "unknown key-encryption key id" + (keyId == null ? "" : " '" + safeId(keyId) + "'"));
    }
    return key;
  }

  SecretKey activeKey() {
    return keys.get(activeKeyId);
  }

  /** A stored id could be anything if a row were corrupted; only echo well-formed ones. */
  private static String safeId(String keyId) {
    return KEY_ID.matcher(keyId).matches() ? keyId : "<malformed>";
  }

  @Override
  public String toString() {
    return "KeyRing[active=" + activeKeyId + ", keyIds=" + keyIds() + "]";
  }
}
