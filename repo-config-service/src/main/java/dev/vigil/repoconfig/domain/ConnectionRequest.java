package dev.vigil.repoconfig.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Body of {@code POST /v1/config/repos} (and of PUT on a connection), as received. Every component
 * is nullable so that Jackson can bind incomplete bodies and {@link ConnectionValidator} can report
 * each missing field with its path.
 *
 * @param platform platform name as sent; only exact {@code github|gitlab|bitbucket} are valid
 * @param credentials platform-specific credentials; may be absent on PUT to keep stored ones
 * @param repositories repository full names in the platform's format
 * @param serviceMappings optional service-to-path mappings
 * @param lookbackDays 1..365, {@code null} means {@link #DEFAULT_LOOKBACK_DAYS}
 * @param baseUrl the top-level {@code baseUrl}, accepted as well as {@code credentials.baseUrl}
 *     (the README lists it as a property of the connection); when both are given they must agree
 */
public record ConnectionRequest(
    String platform,
    Credentials credentials,
    List<String> repositories,
    List<ServiceMapping> serviceMappings,
    Integer lookbackDays,
    String baseUrl) {

  public static final int DEFAULT_LOOKBACK_DAYS = 30;

  public ConnectionRequest {
    // Unmodifiable copies that still keep null elements, which the validator reports.
    repositories = copyOrNull(repositories);
    serviceMappings = copyOrNull(serviceMappings);
  }

  /** A request without a top-level {@code baseUrl}. */
  public ConnectionRequest(
      String platform,
      Credentials credentials,
      List<String> repositories,
      List<ServiceMapping> serviceMappings,
      Integer lookbackDays) {
    this(platform, credentials, repositories, serviceMappings, lookbackDays, null);
  }

  /**
   * The connection's base URL from wherever it was given ({@code credentials.baseUrl} or the top
   * level), normalised; null when neither was given (the platform's public cloud).
   */
  public String effectiveBaseUrl() {
    String given =
        credentials != null && credentials.baseUrl() != null ? credentials.baseUrl() : baseUrl;
    return normaliseBaseUrl(given);
  }

  /** Surrounding blanks and trailing slashes dropped; null stays null. */
  public static String normaliseBaseUrl(String baseUrl) {
    if (baseUrl == null) {
      return null;
    }
    String text = baseUrl.strip();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  /** {@link #lookbackDays()} or the default of 30 when it was not sent. */
  public int effectiveLookbackDays() {
    return lookbackDays == null ? DEFAULT_LOOKBACK_DAYS : lookbackDays;
  }

  /** Service mappings, empty when absent. */
  public List<ServiceMapping> serviceMappingsOrEmpty() {
    return serviceMappings == null ? List.of() : serviceMappings;
  }

  private static <T> List<T> copyOrNull(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
