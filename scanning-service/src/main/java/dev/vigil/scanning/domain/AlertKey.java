package dev.vigil.scanning.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identity of a code scanning alert across analyses: results of later uploads with the same key
 * update the same alert. Null components are stored as empty strings.
 *
 * @param toolName analysis tool name.
 * @param category analysis category ("" when none).
 * @param ruleId rule id ("" when the result names none).
 * @param path repository-relative path ("" when the result has no location).
 * @param fingerprint {@code partialFingerprints.primaryLocationLineHash} when given, else {@link
 *     AlertFingerprints}' computed fingerprint.
 */
public record AlertKey(
    String toolName, String category, String ruleId, String path, String fingerprint) {

  /** Normalises nulls to "". */
  public AlertKey {
    toolName = nz(toolName);
    category = nz(category);
    ruleId = nz(ruleId);
    path = nz(path);
    fingerprint = nz(fingerprint);
  }

  /** SHA-256 (hex) of the key's parts, for a fixed-width unique index. */
  public String digest() {
    return sha256Hex(toolName, category, ruleId, path, fingerprint);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** SHA-256 over the parts, each NUL-separated so that ("ab","c") ≠ ("a","bc"). */
  static String sha256Hex(String... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        md.update(nz(part).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
