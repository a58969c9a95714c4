package dev.vigil.repoconfig.domain;

import java.security.GeneralSecurityException;
import java.security.Key;
import javax.crypto.Mac;

/** HMAC-SHA256 instances; the JDK always provides the algorithm. */
final class Hmac {

  static final String ALGORITHM = "HmacSHA256";

  private Hmac() {}

  static Mac sha256(Key key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
