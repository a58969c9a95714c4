package dev.vigil.repoconfig.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@link ConnectionRequest} and reports every problem as a {@link FieldError} with the
 * JSON path of the offending value.
 *
 * <p>Messages start in lower case so that the API layer can print {@code field + ": " + message};
 * they never repeat submitted values (so credentials cannot leak through them).
 */
public final class ConnectionValidator {

  public static final int MAX_REPOSITORIES = 100;
  public static final int MAX_SERVICE_MAPPINGS = 200;
  public static final int MIN_LOOKBACK_DAYS = 1;
  public static final int MAX_LOOKBACK_DAYS = 365;
  public static final int MAX_TOKEN_LENGTH = 1024;
  public static final int MAX_USERNAME_LENGTH = 255;
  public static final int MAX_APP_PASSWORD_LENGTH = 1024;
  public static final int MAX_BASE_URL_LENGTH = 2048;
  public static final int MAX_SERVICE_NAME_LENGTH = 100;
  public static final int MAX_PATH_PREFIX_LENGTH = 1024;

  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private ConnectionValidator() {}

  /**
   * @param credentialsOptional {@code true} for PUT, where an absent {@code credentials} keeps the
   *     stored ones; credentials that are present are always validated in full
   * @return every problem found, in body order; empty when the request is valid
   */
  public static List<FieldError> validate(ConnectionRequest request, boolean credentialsOptional) {
    List<FieldError> errors = new ArrayList<>();
    if (request == null) {
      errors.add(new FieldError("body", "is required"));
      return List.copyOf(errors);
    }
    Optional<Platform> platform = validatePlatform(request.platform(), errors);
    validateCredentials(request.credentials(), platform, credentialsOptional, errors);
    validateTopLevelBaseUrl(request, platform, errors);
    validateRepositories(request.repositories(), platform, errors);
    validateServiceMappings(request.serviceMappings(), request.repositories(), errors);
    validateLookbackDays(request.lookbackDays(), errors);
    return List.copyOf(errors);
  }

  private static Optional<Platform> validatePlatform(String value, List<FieldError> errors) {
    if (value == null || value.isEmpty()) {
      errors.add(new FieldError("platform", "is required"));
      return Optional.empty();
    }
    Optional<Platform> platform = Platform.fromWireName(value);
    if (platform.isEmpty()) {
      errors.add(new FieldError("platform", "must be one of: github, gitlab, bitbucket"));
    }
    return platform;
  }

  private static void validateCredentials(
      Credentials credentials,
      Optional<Platform> platform,
      boolean credentialsOptional,
      List<FieldError> errors) {
    if (credentials == null) {
      if (!credentialsOptional) {
        errors.add(new FieldError("credentials", "is required"));
      }
      return;
    }
    // Which fields belong depends on the platform; without a valid one there is nothing to check.
    if (platform.isEmpty()) {
      return;
    }
    Platform p = platform.get();
    switch (p.credentialKind()) {
      case TOKEN -> {
        secret("credentials.token", credentials.token(), MAX_TOKEN_LENGTH, errors);
        notAllowed("credentials.username", credentials.username(), p, errors);
        notAllowed("credentials.appPassword", credentials.appPassword(), p, errors);
      }
      case APP_PASSWORD -> {
        username(credentials.username(), errors);
        secret(
            "credentials.appPassword", credentials.appPassword(), MAX_APP_PASSWORD_LENGTH, errors);
        notAllowed("credentials.token", credentials.token(), p, errors);
      }
    }
    if (credentials.baseUrl() != null) {
      if (p.supportsBaseUrl()) {
        baseUrlProblem(credentials.baseUrl())
            .ifPresent(m -> errors.add(new FieldError("credentials.baseUrl", m)));
      } else {
        errors.add(new FieldError("credentials.baseUrl", "is not supported for " + p.wireName()));
      }
    }
  }

  /** The top-level {@code baseUrl}: the same rules, and it must agree with the credentials' one. */
  private static void validateTopLevelBaseUrl(
      ConnectionRequest request, Optional<Platform> platform, List<FieldError> errors) {
    String value = request.baseUrl();
    if (value == null || platform.isEmpty()) {
      return;
    }
    Platform p = platform.get();
    if (!p.supportsBaseUrl()) {
      errors.add(new FieldError("baseUrl", "is not supported for " + p.wireName()));
      return;
    }
    Optional<String> problem = baseUrlProblem(value);
    if (problem.isPresent()) {
      errors.add(new FieldError("baseUrl", problem.get()));
      return;
    }
    Credentials credentials = request.credentials();
    if (credentials != null
        && credentials.baseUrl() != null
        && baseUrlProblem(credentials.baseUrl()).isEmpty()
        && !ConnectionRequest.normaliseBaseUrl(value)
            .equals(ConnectionRequest.normaliseBaseUrl(credentials.baseUrl()))) {
      errors.add(new FieldError("baseUrl", "must equal credentials.baseUrl when both are given"));
    }
  }

  private static void secret(String field, String value, int maxLength, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(field, "is required"));
    } else if (value.length() > maxLength) {
      errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
    } else if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      // Sent in HTTP Authorization headers: printable ASCII only, no header injection.
      errors.add(
          new FieldError(field, "must contain only printable ASCII characters without spaces"));
    }
  }

  private static void username(String value, List<FieldError> errors) {
    String field = "credentials.username";
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(field, "is required"));
    } else if (value.length() > MAX_USERNAME_LENGTH) {
      errors.add(new FieldError(field, "must be at most " + MAX_USERNAME_LENGTH + " characters"));
    } else if (value
        .chars()
        .anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == ':')) {
      // Basic auth joins user and password with ':' (RFC 7617), so the user id cannot hold one.
      errors.add(new FieldError(field, "must not contain whitespace, control characters or ':'"));
    }
  }

  private static void notAllowed(
      String field, String value, Platform platform, List<FieldError> errors) {
    if (value != null) {
      errors.add(new FieldError(field, "is not allowed for " + platform.wireName()));
    }
  }

  /** GitHub Enterprise Server API root or self-managed GitLab root; https only, no secrets. */
  static Optional<String> baseUrlProblem(String value) {
    if (value.length() > MAX_BASE_URL_LENGTH) {
      return Optional.of("must be at most " + MAX_BASE_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return Optional.of("must be an absolute https URL");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || !"https".equalsIgnoreCase(uri.getScheme())) {
      return Optional.of("must be an absolute https URL");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not contain user information");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("must include a valid host");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return Optional.of("must have a port between 1 and 65535");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return Optional.of("must not contain a query or fragment");
    }
    return Optional.empty();
  }

  private static void validateRepositories(
      List<String> repositories, Optional<Platform> platform, List<FieldError> errors) {
    if (repositories == null) {
      errors.add(new FieldError("repositories", "is required"));
      return;
    }
    if (repositories.isEmpty()) {
      errors.add(new FieldError("repositories", "must contain at least one repository"));
      return;
    }
    if (repositories.size() > MAX_REPOSITORIES) {
      // Per-item checks are skipped so that an oversized list costs no more than a rejection.
      errors.add(
          new FieldError(
              "repositories", "must contain at most " + MAX_REPOSITORIES + " repositories"));
      return;
    }
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < repositories.size(); i++) {
      String field = "repositories[" + i + "]";
      String name = repositories.get(i);
      Optional<String> problem =
          platform.isPresent()
              ? RepositoryNames.problem(platform.get(), name)
              : (name == null || name.isEmpty() ? Optional.of("is required") : Optional.empty());
      if (problem.isPresent()) {
        errors.add(new FieldError(field, problem.get()));
        continue;
      }
      Integer previous = firstIndex.putIfAbsent(RepositoryNames.identityKey(name), i);
      if (previous != null) {
        errors.add(new FieldError(field, "duplicates repositories[" + previous + "]"));
      }
    }
  }

  private static void validateServiceMappings(
      List<ServiceMapping> mappings, List<String> repositories, List<FieldError> errors) {
    if (mappings == null || mappings.isEmpty()) {
      return;
    }
    if (mappings.size() > MAX_SERVICE_MAPPINGS) {
      errors.add(
          new FieldError(
              "serviceMappings", "must contain at most " + MAX_SERVICE_MAPPINGS + " mappings"));
      return;
    }
    // Exact spelling: consumers match mappings against the stored repository names verbatim.
    Set<String> known = new HashSet<>();
    if (repositories != null) {
      for (String r : repositories) {
        if (r != null) {
          known.add(r);
        }
      }
    }
    Map<List<String>, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < mappings.size(); i++) {
      String base = "serviceMappings[" + i + "]";
      ServiceMapping m = mappings.get(i);
      if (m == null) {
        errors.add(new FieldError(base, "must be an object"));
        continue;
      }
      serviceNameProblem(m.serviceName())
          .ifPresent(msg -> errors.add(new FieldError(base + ".serviceName", msg)));

      boolean repoOk = false;
      if (m.repo() == null || m.repo().isEmpty()) {
        errors.add(new FieldError(base + ".repo", "is required"));
      } else if (!known.contains(m.repo())) {
        errors.add(new FieldError(base + ".repo", "must be one of the entries of repositories"));
      } else {
        repoOk = true;
      }

      Optional<String> prefixProblem = pathPrefixProblem(m.pathPrefix());
      prefixProblem.ifPresent(msg -> errors.add(new FieldError(base + ".pathPrefix", msg)));

      GitRefNames.branchNameProblem(m.defaultBranch())
          .ifPresent(msg -> errors.add(new FieldError(base + ".defaultBranch", msg)));

      if (repoOk && prefixProblem.isEmpty()) {
        Integer previous = firstIndex.putIfAbsent(List.of(m.repo(), m.pathPrefix()), i);
        if (previous != null) {
          errors.add(
              new FieldError(
                  base + ".pathPrefix",
                  "duplicates the repo and pathPrefix of serviceMappings[" + previous + "]"));
        }
      }
    }
  }

  static Optional<String> serviceNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("is required");
    }
    if (name.length() > MAX_SERVICE_NAME_LENGTH) {
      return Optional.of("must be at most " + MAX_SERVICE_NAME_LENGTH + " characters");
    }
    if (!SERVICE_NAME.matcher(name).matches()) {
      return Optional.of("may contain only letters, digits, '.', '_' and '-'");
    }
    return Optional.empty();
  }

  /**
   * A path inside the repository matched as a string prefix against file paths, so it must be
   * relative and already in normal form; "" means the repository root.
   */
  static Optional<String> pathPrefixProblem(String prefix) {
    if (prefix == null) {
      return Optional.of("is required (use \"\" for the repository root)");
    }
    if (prefix.length() > MAX_PATH_PREFIX_LENGTH) {
      return Optional.of("must be at most " + MAX_PATH_PREFIX_LENGTH + " characters");
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Optional.of("must not contain control characters");
      }
      if (c == '\\') {
        return Optional.of("must not contain backslashes; use '/'");
      }
    }
    if (prefix.startsWith("/")) {
      return Optional.of("must be relative to the repository root (no leading '/')");
    }
    if (prefix.contains("//")) {
      return Optional.of("must not contain '//'");
    }
    for (String segment : prefix.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("must not contain '..' segments");
      }
      if (segment.equals(".")) {
        // Never matches a real file path, which git stores without "./".
        return Optional.of("must not contain '.' segments");
      }
    }
    return Optional.empty();
  }

  private static void validateLookbackDays(Integer days, List<FieldError> errors) {
    if (days != null && (days < MIN_LOOKBACK_DAYS || days > MAX_LOOKBACK_DAYS)) {
      errors.add(
          new FieldError(
              "lookbackDays",
              "must be between " + MIN_LOOKBACK_DAYS + " and " + MAX_LOOKBACK_DAYS));
    }
  }
}
