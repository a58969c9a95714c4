package dev.vigil.repoconfig.domain;

import dev.vigil.repoconfig.domain.CredentialCryptoException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of repository credentials with AES-256-GCM.
 *
 * <p>Each envelope gets a fresh random 256-bit data key that encrypts the credentials; the data key
 * itself is encrypted ("wrapped") under the key ring's active key-encryption key. Both encryptions
 * carry associated data derived from a caller-supplied context (see {@link #contextFor}), so an
 * envelope copied into another row fails to open. Rotating the KEK only re-wraps the 48-byte data
 * key ({@link #rewrap}); the credential ciphertext never changes.
 *
 * <p>Thread-safe: a new {@link Cipher} is created per operation.
 */
public final class CredentialCipher {

  public static final int DATA_KEY_BYTES = 32;
  public static final int IV_BYTES = 12;
  public static final int TAG_BITS = 128;
  static final int TAG_BYTES = TAG_BITS / 8;
  static final int WRAPPED_KEY_BYTES = DATA_KEY_BYTES + TAG_BYTES;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  // Versioned label so that the two AADs can never collide with each other or a future format.
  private static final String FORMAT = "vigil.repo-config.credentials.v1";

  private final KeyRing keyRing;
  private final SecureRandom random;

  public CredentialCipher(KeyRing keyRing) {
    this(keyRing, new SecureRandom());
  }

  public CredentialCipher(KeyRing keyRing, SecureRandom random) {
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * The context string to pass as {@code aad} for a connection's credentials: ties the envelope to
   * one tenant and one connection row.
   */
  public static String contextFor(UUID tenantId, String connectionId) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(connectionId, "connectionId");
    return "tenant:" + tenantId + "/connection:" + connectionId;
  }

  /**
   * Encrypts {@code plaintextJson} under a fresh data key wrapped by the active KEK.
   *
   * @param aad context the envelope is bound to; the same value must be given to {@link #open}
   */
  public SealedCredentials seal(byte[] plaintextJson, String aad) {
    Objects.requireNonNull(plaintextJson, "plaintextJson");
    requireContext(aad);
    byte[] dataKey = new byte[DATA_KEY_BYTES];
    random.nextBytes(dataKey);
    try {
      byte[] dataIv = newIv();
      byte[] ciphertext =
          crypt(
              Cipher.ENCRYPT_MODE,
              new SecretKeySpec(dataKey, "AES"),
              dataIv,
              dataAad(aad),
              plaintextJson);
      return wrap(dataKey, dataIv, ciphertext, aad);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * Decrypts an envelope.
   *
   * @throws CredentialCryptoException {@link Reason#UNKNOWN_KEY} if its KEK is not in the ring,
   *     {@link Reason#AUTHENTICATION_FAILED} if any part was altered or {@code aad} differs from
   *     the one used to seal, {@link Reason#MALFORMED} if component lengths are wrong
   */
  public byte[] open(SealedCredentials sealed, String aad) {
    byte[] dataKey = unwrap(sealed, aad);
    try {
      return crypt(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(dataKey, "AES"),
          sealed.dataIv(),
          dataAad(aad),
          sealed.ciphertext());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * Re-wraps the data key of {@code sealed} under the currently active KEK with a new IV; the
   * credential ciphertext and its IV are carried over unchanged. Used by key rotation.
   *
   * @throws CredentialCryptoException as {@link #open}, for the data key
   */
  public SealedCredentials rewrap(SealedCredentials sealed, String aad) {
    byte[] dataKey = unwrap(sealed, aad);
    try {
      return wrap(dataKey, sealed.dataIv(), sealed.ciphertext(), aad);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** Whether {@code sealed} is wrapped under a key other than the active one. */
  public boolean needsRewrap(SealedCredentials sealed) {
    return !sealed.kekId().equals(keyRing.activeKeyId());
  }

  private SealedCredentials wrap(byte[] dataKey, byte[] dataIv, byte[] ciphertext, String aad) {
    String kekId = keyRing.activeKeyId();
    byte[] dataKeyIv = newIv();
    byte[] wrapped =
        crypt(Cipher.ENCRYPT_MODE, keyRing.activeKey(), dataKeyIv, wrapAad(kekId, aad), dataKey);
    return new SealedCredentials(kekId, wrapped, dataKeyIv, dataIv, ciphertext);
  }

  private byte[] unwrap(SealedCredentials sealed, String aad) {
    Objects.requireNonNull(sealed, "sealed");
    requireContext(aad);
    checkShape(sealed);
    SecretKey kek = keyRing.key(sealed.kekId());
    byte[] dataKey =
        crypt(
            Cipher.DECRYPT_MODE,
            kek,
            sealed.dataKeyIv(),
            wrapAad(sealed.kekId(), aad),
            sealed.wrappedDataKey());
    if (dataKey.length != DATA_KEY_BYTES) {
      Arrays.fill(dataKey, (byte) 0);
      throw new CredentialCryptoException(Reason.MALFORMED, "sealed credentials are malformed");
    }
    return dataKey;
  }

  private static void checkShape(SealedCredentials sealed) {
    if (sealed.wrappedDataKey().length != WRAPPED_KEY_BYTES
        || sealed.dataKeyIv().length != IV_BYTES
        || sealed.dataIv().length != IV_BYTES
        || sealed.ciphertext().length < TAG_BYTES) {
      throw new CredentialCryptoException(Reason.MALFORMED, "sealed credentials are malformed");
    }
  }

  private static void requireContext(String aad) {
    // An empty context would make envelopes interchangeable between rows.
    if (aad == null || aad.isEmpty()) {
      throw new IllegalArgumentException("an encryption context (aad) is required");
    }
  }

  private byte[] newIv() {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    return iv;
  }

  private static byte[] crypt(int mode, SecretKey key, byte[] iv, byte[] aad, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new CredentialCryptoException(
          Reason.AUTHENTICATION_FAILED,
          "sealed credentials failed authentication (tampered or wrong context)");
    } catch (GeneralSecurityException e) {
      throw new CredentialCryptoException(
          Reason.CRYPTO_UNAVAILABLE, "AES-256-GCM failed: " + e.getClass().getSimpleName());
    }
  }

  private static byte[] dataAad(String context) {
    return encode(FORMAT, "data", context);
  }

  // The KEK id is bound too, so relabelling kek_id cannot redirect unwrapping.
  private static byte[] wrapAad(String kekId, String context) {
    return encode(FORMAT, "data-key", kekId, context);
  }

  /** Length-prefixed UTF-8 parts: unambiguous whatever characters the parts contain. */
  private static byte[] encode(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
