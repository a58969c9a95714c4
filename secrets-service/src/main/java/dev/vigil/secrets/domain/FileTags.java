package dev.vigil.secrets.domain;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tags a file's path earns an incident: {@code TEST_FILE} for tests and fixtures, {@code
 * SENSITIVE_FILE} for files that exist to hold credentials ({@code .env}, private keys, …).
 */
public final class FileTags {

  public static final String TEST_FILE = "TEST_FILE";
  public static final String SENSITIVE_FILE = "SENSITIVE_FILE";
  public static final String REGRESSION = "REGRESSION";

  // A directory named test/tests/spec/fixtures/…, or a file named *_test.*, test_*.*, *.spec.*, …
  private static final Pattern TEST =
      Pattern.compile(
          "(^|/)(tests?|spec|specs|__tests__|testdata|test_data|fixtures?|mocks?)/"
              + "|(^|/)test_[^/]*$|_test\\.[^/]+$|\\.(test|spec)\\.[^/]+$|Tests?\\.[^/.]+$");

  private static final Set<String> SENSITIVE_NAMES =
      Set.of(
          ".env",
          ".npmrc",
          ".pypirc",
          ".netrc",
          ".git-credentials",
          ".htpasswd",
          ".pgpass",
          "credentials",
          "credentials.json",
          "secrets.yml",
          "secrets.yaml",
          "secrets.json",
          "id_rsa",
          "id_dsa",
          "id_ecdsa",
          "id_ed25519",
          ".dockercfg",
          "terraform.tfvars",
          "wp-config.php");

  private static final Pattern SENSITIVE_SUFFIX =
      Pattern.compile("\\.(pem|key|p12|pfx|jks|keystore|tfstate|ovpn)$|^\\.env\\.[^/]+$");

  private FileTags() {}

  /** The tags of one path, in a stable order; empty when none apply. */
  public static Set<String> of(String path) {
    Set<String> tags = new LinkedHashSet<>();
    String normalised = path.replace('\\', '/');
    if (TEST.matcher(normalised).find()) {
      tags.add(TEST_FILE);
    }
    String name = normalised.substring(normalised.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (SENSITIVE_NAMES.contains(name) || SENSITIVE_SUFFIX.matcher(name).find()) {
      tags.add(SENSITIVE_FILE);
    }
    return tags;
  }
}
