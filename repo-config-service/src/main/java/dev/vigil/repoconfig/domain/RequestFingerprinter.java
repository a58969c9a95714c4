package dev.vigil.repoconfig.domain;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints of requests, stored with an {@code Idempotency-Key} for its lifetime (24 h).
 *
 * <p>An unkeyed hash of a body that carries {@code credentials.token} would let anyone who reads
 * the table confirm a guessed token offline. So the fingerprint is an HMAC under a key that exists
 * only in the running service: derived from each configured key-encryption key (KEK) with
 * HKDF-Expand (RFC 5869; the KEK is already a uniformly random 256-bit key, so it serves as the
 * pseudorandom key and the extract step is skipped) and a label of its own, so it is never the KEK
 * itself and no new setting is needed. The tenant and project are part of the input: the same body
 * in two tenants gets two unrelated fingerprints.
 *
 * <p>New fingerprints use the active KEK's derived key. During a KEK rotation a stored fingerprint
 * made under the previous active key still matches: {@link Fingerprint#matches} accepts the value
 * under any key still in the ring.
 */
public final class RequestFingerprinter {

  private static final byte[] LABEL =
      "vigil repo-config idempotency request fingerprint v1".getBytes(StandardCharsets.UTF_8);

  /** A request's fingerprint under the active key, and under every other key still in the ring. */
  public record Fingerprint(String value, Set<String> underAnyKey) {

    public Fingerprint {
      Objects.requireNonNull(value, "value");
      underAnyKey = Set.copyOf(underAnyKey);
    }

    /** Whether {@code stored} was made from this same request, under any key of the ring. */
    public boolean matches(String stored) {
      return stored != null && underAnyKey.contains(stored);
    }
  }

  private final String activeKeyId;
  private final Map<String, SecretKey> macKeys;

  public RequestFingerprinter(KeyRing ring) {
    Objects.requireNonNull(ring, "ring");
    this.activeKeyId = ring.activeKeyId();
    Map<String, SecretKey> derived = new LinkedHashMap<>();
    for (String id : ring.keyIds()) {
      derived.put(id, derive(ring.key(id)));
    }
    this.macKeys = Map.copyOf(derived);
  }

  /**
   * @param path request path without query string, e.g. {@code /v1/config/repos}
   * @param body raw request body; {@code null} or empty for requests without one
   */
  public Fingerprint of(UUID tenantId, UUID projectId, String method, String path, byte[] body) {
    String scope = tenantId + "/" + projectId;
    byte[] canonical = RequestFingerprint.canonicalize(body == null ? new byte[0] : body);
    String active = RequestFingerprint.of(macKeys.get(activeKeyId), scope, method, path, canonical);
    Set<String> all =
        macKeys.entrySet().stream()
            .map(
                e ->
                    e.getKey().equals(activeKeyId)
                        ? active
                        : RequestFingerprint.of(e.getValue(), scope, method, path, canonical))
            .collect(Collectors.toSet());
    return new Fingerprint(active, all);
  }

  // HKDF-Expand for one 32-byte block: T(1) = HMAC(PRK, info || 0x01).
  private static SecretKey derive(SecretKey kek) {
    Mac mac = Hmac.sha256(new SecretKeySpec(kek.getEncoded(), Hmac.ALGORITHM));
    mac.update(LABEL);
    mac.update((byte) 1);
    return new SecretKeySpec(mac.doFinal(), Hmac.ALGORITHM);
  }

  @Override
  public String toString() {
    return "RequestFingerprinter[active=" + activeKeyId + "]";
  }
}
