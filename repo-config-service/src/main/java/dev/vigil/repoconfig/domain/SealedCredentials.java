package dev.vigil.repoconfig.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * An envelope-encrypted credential blob as stored in {@code repo_connection}.
 *
 * @param kekId id of the key-encryption key that wrapped the data key ({@code kek_id})
 * @param wrappedDataKey the data key encrypted with AES-256-GCM under the KEK, tag appended ({@code
 *     wrapped_data_key})
 * @param dataKeyIv 12-byte IV used to wrap the data key ({@code data_key_iv})
 * @param dataIv 12-byte IV used to encrypt the credentials ({@code credential_iv})
 * @param ciphertext the credentials encrypted with AES-256-GCM under the data key, tag appended
 *     ({@code credential_ciphertext})
 */
public record SealedCredentials(
    String kekId, byte[] wrappedDataKey, byte[] dataKeyIv, byte[] dataIv, byte[] ciphertext) {

  public SealedCredentials {
    Objects.requireNonNull(kekId, "kekId");
    wrappedDataKey = Objects.requireNonNull(wrappedDataKey, "wrappedDataKey").clone();
    dataKeyIv = Objects.requireNonNull(dataKeyIv, "dataKeyIv").clone();
    dataIv = Objects.requireNonNull(dataIv, "dataIv").clone();
    ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  // Accessors return copies so that no caller can alter a stored envelope in place.

  @Override
  public byte[] wrappedDataKey() {
    return wrappedDataKey.clone();
  }

  @Override
  public byte[] dataKeyIv() {
    return dataKeyIv.clone();
  }

  @Override
  public byte[] dataIv() {
    return dataIv.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedCredentials other
        && kekId.equals(other.kekId)
        && Arrays.equals(wrappedDataKey, other.wrappedDataKey)
        && Arrays.equals(dataKeyIv, other.dataKeyIv)
        && Arrays.equals(dataIv, other.dataIv)
        && Arrays.equals(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    int h = kekId.hashCode();
    h = 31 * h + Arrays.hashCode(wrappedDataKey);
    h = 31 * h + Arrays.hashCode(dataKeyIv);
    h = 31 * h + Arrays.hashCode(dataIv);
    return 31 * h + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedCredentials[kekId="
        + kekId
        + ", wrappedDataKey="
        + wrappedDataKey.length
        + " bytes, dataKeyIv="
        + dataKeyIv.length
        + " bytes, dataIv="
        + dataIv.length
        + " bytes, ciphertext="
        + ciphertext.length
        + " bytes]";
  }
}
