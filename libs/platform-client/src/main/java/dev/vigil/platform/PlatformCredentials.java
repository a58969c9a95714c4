package dev.vigil.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * How to authenticate to a platform: a token (GitHub and GitLab personal access tokens, Bitbucket
 * access tokens) or a Bitbucket username and app password, plus the API base of a self-hosted
 * instance. Not a record and without getters in bean style, so that neither {@link #toString()} nor
 * a JSON serialiser can leak the secret by accident.
 */
public final class PlatformCredentials {

  private final String token;
  private final String username;
  private final String appPassword;
  private final String baseUrl;

  private PlatformCredentials(String token, String username, String appPassword, String baseUrl) {
    this.token = token;
    this.username = username;
    this.appPassword = appPassword;
    this.baseUrl = baseUrl;
  }

  /** A token for the platform's public cloud (github.com, gitlab.com, bitbucket.org). */
  public static PlatformCredentials token(String token) {
    return token(token, null);
  }

  /**
   * A token for a self-hosted instance.
   *
   * @param baseUrl GitHub Enterprise Server API base (e.g. {@code
   *     https://github.example.com/api/v3}) or self-hosted GitLab root (e.g. {@code
   *     https://gitlab.company.com}); null for the public cloud
   */
  public static PlatformCredentials token(String token, String baseUrl) {
    requireText(token, "token");
    return new PlatformCredentials(token, null, null, normaliseBaseUrl(baseUrl));
  }

  /** A Bitbucket Cloud username and app password (sent as HTTP Basic authentication). */
  public static PlatformCredentials appPassword(String username, String appPassword) {
    requireText(username, "username");
    requireText(appPassword, "appPassword");
    if (username.indexOf(':') >= 0) {
      // Basic authentication cannot carry a colon in the user part.
      throw new IllegalArgumentException("username must not contain ':'");
    }
    return new PlatformCredentials(null, username, appPassword, null);
  }

  /** The token; null for username + app password credentials. */
  public String token() {
    return token;
  }

  /** The Bitbucket username; null for token credentials. */
  public String username() {
    return username;
  }

  /** The Bitbucket app password; null for token credentials. */
  public String appPassword() {
    return appPassword;
  }

  /** The self-hosted API base without trailing slash; null for the public cloud. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Whether these are username + app password credentials. */
  public boolean usesAppPassword() {
    return username != null;
  }

  /** Never prints the token, username or app password. */
  @Override
  public String toString() {
    String kind = usesAppPassword() ? "appPassword" : "token";
    return "PlatformCredentials[" + kind + "=<redacted>, baseUrl=" + baseUrl + "]";
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /**
   * Accepts http(s) URLs without user info, query or fragment; drops trailing slashes. Error
   * messages never quote the URL, which might carry a password.
   */
  static String normaliseBaseUrl(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(baseUrl.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("baseUrl has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUrl must not carry credentials");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("baseUrl must not have a query or fragment");
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }
}
