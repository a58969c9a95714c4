package dev.vigil.repoconfig.domain;

/**
 * Sealing or opening stored credentials failed. Messages name at most a key id, never key material,
 * plaintext or ciphertext, and JCE causes are not attached.
 */
public final class CredentialCryptoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the operation failed. */
  public enum Reason {
    /** The envelope names a key-encryption key that is not in the key ring. */
    UNKNOWN_KEY,
    /** Authentication failed: tampered data or a different context (AAD). */
    AUTHENTICATION_FAILED,
    /** Component lengths do not match the envelope format. */
    MALFORMED,
    /** The JVM could not perform AES-GCM at all (configuration problem). */
    CRYPTO_UNAVAILABLE
  }

  private final Reason reason;

  public CredentialCryptoException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
