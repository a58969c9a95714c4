package dev.vigil.repoconfig.domain;

/**
 * The {@code credentials} object of a connection request, exactly as received. Components are
 * nullable; {@link ConnectionValidator} decides what is required for each platform.
 *
 * <p>{@link #toString()} only reveals which components are present, never their values.
 */
public record Credentials(String token, String username, String appPassword, String baseUrl) {

  @Override
  public String toString() {
    // baseUrl is redacted as well: before validation it may still carry userinfo.
    return "Credentials[token="
        + presence(token)
        + ", username="
        + presence(username)
        + ", appPassword="
        + presence(appPassword)
        + ", baseUrl="
        + presence(baseUrl)
        + "]";
  }

  private static String presence(String value) {
    return value == null ? "null" : "<redacted>";
  }
}
