package dev.vigil.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope for signing keys' private halves: {@code nonce(12) || ciphertext ||
 * tag(16)}, with the key id as additional authenticated data, so a blob copied to another row fails
 * to decrypt.
 */
final class KeyEncryption {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec kek;

  KeyEncryption(byte[] kek) {
    if (kek.length != 32) {
      throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
    }
    this.kek = new SecretKeySpec(kek, "AES");
  }

  byte[] encrypt(byte[] plaintext, String kid) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * @throws GeneralSecurityException when the blob was not sealed under this key for this kid
   */
  byte[] decrypt(byte[] blob, String kid) throws GeneralSecurityException {
    if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
    cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
    return cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
  }
}
