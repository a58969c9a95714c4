package dev.vigil.gateway.domain;

import java.util.Optional;

/**
 * Reads the credential from an {@code Authorization} header. Clients of each API send it their own
 * way: {@code Bearer <t>} (RFC 6750, SigSentry, Scanner, octokit), {@code token <t>} (GitHub
 * classic) and {@code Token <t>} (GitGuardian). Scheme names are case-insensitive (RFC 9110).
 */
public final class AuthorizationHeader {

  // Longer than any token we issue; bounds work on hostile headers.
  private static final int MAX_LENGTH = 1024;

  private AuthorizationHeader() {}

  /** The credential, or empty when the header is absent or uses another scheme. */
  public static Optional<String> credential(String headerValue) {
    if (headerValue == null || headerValue.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String value = headerValue.strip();
    int space = value.indexOf(' ');
    if (space <= 0) {
      return Optional.empty();
    }
    String scheme = value.substring(0, space);
    if (!scheme.equalsIgnoreCase("Bearer") && !scheme.equalsIgnoreCase("token")) {
      return Optional.empty();
    }
    String credential = value.substring(space + 1).strip();
    if (credential.isEmpty() || credential.indexOf(' ') >= 0 || credential.indexOf('\t') >= 0) {
      return Optional.empty();
    }
    return Optional.of(credential);
  }
}
